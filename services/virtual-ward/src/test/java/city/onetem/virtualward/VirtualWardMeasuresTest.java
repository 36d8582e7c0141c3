package city.onetem.virtualward;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.fhir.SummaryReport;
import city.onetem.platform.testing.MonitoringKit;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The virtual wards' measures move as a stay does: admitted, escalated, acknowledged, home. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "virtualward"))
class VirtualWardMeasuresTest {

    @Test
    void aStepUpStayThatEndsAtHomeIsAnAdmissionAvoided() {
        JsonPath before = measures();
        String nhs = TestNhsNumbers.next();
        String stay = given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json")
                .body(AdmissionsTest.stay(nhs, "heart-failure", "step-up", "")).post("/fhir/EpisodeOfCare").then()
                .statusCode(201).extract().path("id");
        JsonPath during = measures();
        assertEquals(count(before, "people-served") + 1, count(during, "people-served"));
        assertEquals(stratum(before, "occupancy", "heart-failure") + 1, stratum(during, "occupancy", "heart-failure"));

        String at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json")
                .body(MonitoringKit.bundle("transaction", MonitoringKit.readings(nhs, at, 21, 93, true, 101, 70,
                        MonitoringKit.ALERT, "37.0"))).post("/fhir").then().statusCode(200);
        String flag = given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Flag?patient.identifier=" + nhs).then()
                .extract().path("entry[0].resource.id");
        given().auth().oauth2(AdmissionsTest.CLINICIAN).post("/fhir/Flag/" + flag + "/$acknowledge").then().statusCode(200);
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json")
                .body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"outcome\",\"valueCode\":\"home\"}]}")
                .post("/fhir/EpisodeOfCare/" + stay + "/$discharge").then().statusCode(200);

        JsonPath after = measures();
        assertEquals(stratum(before, "escalations", "high") + 1, stratum(after, "escalations", "high"));
        assertEquals(stratum(before, "time-to-acknowledgement-minutes", "high") + 1,
                stratum(after, "time-to-acknowledgement-minutes", "high"));
        assertEquals(population(before, "admissions-avoided", "numerator") + 1,
                population(after, "admissions-avoided", "numerator"));
        assertEquals(population(before, "length-of-stay-days", "initial-population") + 1,
                population(after, "length-of-stay-days", "initial-population"));
        assertEquals(stratum(during, "occupancy", "heart-failure") - 1, stratum(after, "occupancy", "heart-failure"));
        assertEquals(population(after, "occupancy", "numerator"), stratum(after, "occupancy", "frailty")
                + stratum(after, "occupancy", "respiratory") + stratum(after, "occupancy", "heart-failure"),
                "the people on the wards are the people on each ward");
    }

    /**
     * A cluster team member reads the wards' figures with small numbers suppressed: no count of 1 to
     * 7 is shown, the rest are multiples of 5, and no mean is worked out from a suppressed count.
     */
    @Test
    void aClusterTeamReadsTheWardsFiguresWithSmallNumbersSuppressed() {
        JsonPath whole = measures();
        JsonPath suppressed = given().auth().oauth2(AdmissionsTest.NURSE).get("/fhir/Measure/virtual-ward/"
                + "$evaluate-measure").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(SummaryReport.SUPPRESSED_EXTENSION), suppressed.getList("extension.url"));
        assertNull(whole.get("extension"), "the clinicians' figures are whole");
        List<Integer> counts = suppressed.getList("group.population.flatten().count.findAll { it != null }");
        counts.addAll(suppressed.getList("group.stratifier.flatten().stratum.flatten().population.flatten().count"
                + ".findAll { it != null }"));
        for (int count : counts) {
            assertTrue(count == 0 || count % 5 == 0 && count > 7 || isBeds(whole, count), "shown count " + count);
        }
        long stays = population(whole, "length-of-stay-days", "initial-population");
        if (stays >= 1 && stays <= 7) {
            assertNull(suppressed.get("group.find { it.code.coding[0].code == 'length-of-stay-days' }"
                    + ".measureScore.value"), "a mean over " + stays + " stays");
        }
    }

    private static boolean isBeds(JsonPath whole, long count) {
        return count == population(whole, "occupancy", "denominator");
    }

    private static JsonPath measures() {
        return given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Measure/virtual-ward/$evaluate-measure")
                .then().statusCode(200).extract().jsonPath();
    }

    private static long count(JsonPath report, String group) {
        return report.getLong("group.find { it.code.coding[0].code == '" + group + "' }.measureScore.value");
    }

    private static long population(JsonPath report, String group, String population) {
        return report.getLong("group.find { it.code.coding[0].code == '" + group + "' }.population.find { "
                + "it.code.coding[0].code == '" + population + "' }.count");
    }

    private static long stratum(JsonPath report, String group, String value) {
        Object count = report.get("group.find { it.code.coding[0].code == '" + group + "' }.stratifier[0].stratum.find { "
                + "it.value.text == '" + value + "' }.population[0].count");
        return count == null ? 0 : ((Number) count).longValue();
    }
}
