package city.onetem.discharge;

import static city.onetem.discharge.DischargeApi.HUB;
import static city.onetem.discharge.DischargeApi.NURSE;
import static city.onetem.discharge.DischargeApi.field;
import static city.onetem.discharge.DischargeApi.http;
import static city.onetem.discharge.DischargeApi.onlyStay;
import static city.onetem.discharge.DischargeApi.typesAbout;
import static city.onetem.discharge.DischargeApi.visit;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import city.onetem.platform.events.CareEventContract;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.fhir.SummaryReport;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What a discharge hub records after the hospital's feed admits someone (medically optimised,
 * pathway, delay reason, acceptance, assessment at home), the days counted as delayed across
 * midnights, reablement's places and waiting list, readmission and the check at 91 days, and the
 * measures over them: on the real broker and database, with the clock moved by the test.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "discharge"))
class DischargeToAssessTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    DelayDays delayDays;
    @Inject
    HomeChecks homeChecks;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void theHubRecordsTheStagesAndEachWrongRequestChangesNothing() {
        MovableClock clock = clock("2026-11-28T16:00:00Z");
        String nhs = TestNhsNumbers.next();
        String visit = visit();
        accepted(Adt.of("A01", nhs, visit).er7());
        String id = onlyStay(nhs).getString("id");

        operation(id, "medically-optimised", "W/\"1\"", time("2026-11-28T15:00:00Z")).statusCode(200)
                .header("ETag", "W/\"2\"")
                .body("extension.find { it.url == '" + CareEventContract.MEDICALLY_OPTIMISED_EXTENSION + "' }.valueDateTime",
                        equalTo("2026-11-28T15:00:00+00:00"));
        outcome(operation(id, "assign-pathway", "W/\"1\"", pathway(2)), 412, "version 2");
        outcome(operation(id, "assign-pathway", null, pathway(7)), 400, "0, 1, 2 or 3");
        outcome(operation(id, "assign-pathway", null, "{\"name\":\"pathway\",\"valueString\":\"two\"}"), 400,
                "is a number");
        outcome(operation(id, "medically-optimised", null, time("2026-11-29T15:00:00Z")), 400, "in the future");
        outcome(operation(id, "medically-optimised", null, time("2026-11-27T15:00:00Z")), 422, "before the admission");
        outcome(operation(id, "delay-reason", null, "{\"name\":\"reason\",\"valueCode\":\"bored\"}"), 400,
                "awaiting-care-package");
        outcome(operation(id, "assessed-at-home", null, ""), 422, "not been discharged");
        outcome(operation("no-such-stay", "assign-pathway", null, pathway(2)), 404, "no-such-stay");
        assertEquals("2", onlyStay(nhs).getString("meta.versionId"), "nothing refused changed the stay");

        operation(id, "assign-pathway", "W/\"2\"", pathway(2)).statusCode(200);
        operation(id, "delay-reason", null, "{\"name\":\"reason\",\"valueCode\":\"awaiting-bed\"}").statusCode(200);
        operation(id, "community-accepted", null, "{\"name\":\"service\",\"valueString\":\"Solent rehabilitation beds\"}")
                .statusCode(200);
        JsonPath stay = onlyStay(nhs);
        assertEquals(2, stay.getInt("extension.find { it.url == '" + CareEventContract.PATHWAY_EXTENSION + "' }.valueInteger"));
        assertEquals("awaiting-bed", stay.getString("extension.find { it.url == '" + CareEventContract.DELAY_EXTENSION
                + "' }.extension.find { it.url == 'reason' }.valueCoding.code"));
        assertEquals("Solent rehabilitation beds", stay.getString("extension.find { it.url == '"
                + HospitalStay.COMMUNITY_ACCEPTED_EXTENSION + "' }.extension.find { it.url == 'service' }.valueString"));

        accepted(Adt.of("A03", nhs, visit).discharged("20261128170000").recorded("20261128170000").er7());
        clock.set("2026-11-29T10:00:00Z");
        operation(id, "assessed-at-home", null, time("2026-11-29T09:30:00Z")).statusCode(200);
        assertEquals(List.of(EventTypes.DISCHARGE_ADMITTED, EventTypes.DISCHARGE_MEDICALLY_OPTIMISED,
                        EventTypes.DISCHARGE_PATHWAY_ASSIGNED, EventTypes.DISCHARGE_DISCHARGED),
                typesAbout(bootstrapServers, nhs, id));
    }

    @Test
    void delayDaysAreCountedAtEachMidnightWithTheReasonOfTheDay() throws Exception {
        MovableClock clock = clock("2026-11-28T16:00:00Z");
        String nhs = TestNhsNumbers.next();
        String visit = visit();
        accepted(Adt.of("A01", nhs, visit).er7());
        String id = onlyStay(nhs).getString("id");
        operation(id, "medically-optimised", null, time("2026-11-28T15:00:00Z")).statusCode(200);

        clock.set("2026-12-01T10:00:00Z");
        delayDays.countAll();
        assertEquals(3, delayDaysOf(onlyStay(nhs)), "midnights of 29 and 30 November and 1 December");
        String version = onlyStay(nhs).getString("meta.versionId");
        delayDays.countAll();
        assertEquals(version, onlyStay(nhs).getString("meta.versionId"), "counting again counts nothing twice");

        operation(id, "delay-reason", null, "{\"name\":\"reason\",\"valueCode\":\"awaiting-care-package\"}").statusCode(200);
        clock.set("2026-12-02T09:00:00Z");
        delayDays.countAll();
        assertEquals(4, delayDaysOf(onlyStay(nhs)));

        clock.set("2026-12-03T12:00:00Z");
        accepted(Adt.of("A03", nhs, visit).discharged("20261203110000").recorded("20261203110000").er7());
        assertEquals(5, delayDaysOf(onlyStay(nhs)), "the days up to the discharge are counted with it");
        assertEquals(Map.of("not-recorded", 3, "awaiting-care-package", 2), delayDayReasons(id));
        assertEquals(List.of(EventTypes.DISCHARGE_ADMITTED, EventTypes.DISCHARGE_MEDICALLY_OPTIMISED,
                        EventTypes.DISCHARGE_DELAYED, EventTypes.DISCHARGE_DELAYED, EventTypes.DISCHARGE_DISCHARGED),
                typesAbout(bootstrapServers, nhs, id));
    }

    @Test
    void reablementPlacesAreHeldOfferedInOrderAndTheirOutcomesMeasured() {
        // The test profile's reablement has 2 places; this month belongs to this test alone.
        MovableClock clock = clock("2025-03-02T10:00:00Z");
        String[] people = {TestNhsNumbers.next(), TestNhsNumbers.next(), TestNhsNumbers.next()};
        String[] visits = {visit(), visit(), visit()};
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            accepted(Adt.of("A01", people[i], visits[i]).admitted("20250301090000").recorded("20250301090000").er7());
            ids[i] = onlyStay(people[i]).getString("id");
            clock.set("2025-03-02T10:0" + i + ":00Z");
            operation(ids[i], "assign-pathway", null, pathway(1)).statusCode(200);
        }
        assertEquals("allocated", reablementStatus(onlyStay(people[0])));
        assertEquals("allocated", reablementStatus(onlyStay(people[1])));
        assertEquals("waiting", reablementStatus(onlyStay(people[2])), "two places, both held");
        clock.set("2025-03-04T10:00:00Z");
        delayDays.countAll();
        assertEquals("awaiting-reablement", onlyStay(people[2]).getString("extension.find { it.url == '"
                + CareEventContract.DELAY_EXTENSION + "' }.extension.find { it.url == 'reason' }.valueCoding.code"));

        accepted(Adt.of("A03", people[0], visits[0]).admitted("20250301090000").discharged("20250304120000").recorded("20250304120000").er7());
        JsonPath home = onlyStay(people[0]);
        assertEquals("started", reablementStatus(home));
        clock.set("2025-03-20T10:00:00Z");
        operation(ids[0], "end-reablement", null, "{\"name\":\"outcome\",\"valueCode\":\"no-ongoing-care\"}")
                .statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "allocated".equals(reablementStatus(onlyStay(people[2]))));

        // The second person goes to a bed instead: their place is free again, and nobody waits.
        operation(ids[1], "assign-pathway", null, pathway(2)).statusCode(200);
        assertEquals("not-started", reablementStatus(onlyStay(people[1])));
        accepted(Adt.of("A03", people[2], visits[2]).admitted("20250301090000").discharged("20250321120000").recorded("20250321120000").er7());
        clock.set("2025-03-28T10:00:00Z");
        operation(ids[2], "end-reablement", null, "{\"name\":\"outcome\",\"valueCode\":\"same\"}").statusCode(200);
        outcome(operation(ids[2], "end-reablement", null, "{\"name\":\"outcome\",\"valueCode\":\"same\"}"), 422,
                "no reablement under way");

        assertEquals(List.of(EventTypes.DISCHARGE_ADMITTED, EventTypes.DISCHARGE_PATHWAY_ASSIGNED,
                        EventTypes.DISCHARGE_DELAYED, EventTypes.DISCHARGE_DISCHARGED,
                        EventTypes.DISCHARGE_REABLEMENT_STARTED, EventTypes.DISCHARGE_REABLEMENT_ENDED),
                typesAbout(bootstrapServers, people[0], ids[0]));
        JsonPath measures = measures("2025-03-01", "2025-03-31");
        assertEquals(2, measures.getInt(score("pathway-mix") .replace("measureScore.value",
                "stratifier[0].stratum.find { it.value.text == '1' }.population[0].count")));
        assertEquals(2, measures.getInt(population("reablement-no-ongoing-care", "denominator")));
        assertEquals(1, measures.getInt(population("reablement-no-ongoing-care", "numerator")));
        assertEquals(50.0f, measures.getFloat(score("reablement-no-ongoing-care")));
        assertNull(measures.get("extension"), "the hub's figures are whole");

        // A cluster team reads the city's figures with small numbers suppressed: 2 and 1 are not shown, nor
        // the percentage worked out from them.
        JsonPath suppressed = measures(NURSE, "2025-03-01", "2025-03-31");
        assertEquals(List.of(SummaryReport.SUPPRESSED_EXTENSION), suppressed.getList("extension.url"));
        for (String population : List.of("denominator", "numerator")) {
            String path = population("reablement-no-ongoing-care", population);
            assertNull(suppressed.get(path), path);
            assertEquals("masked", suppressed.getString(path.replaceAll("\\.count$", "._count")
                    + ".extension[0].valueCode"));
        }
        assertNull(suppressed.get(score("reablement-no-ongoing-care")));
        assertEquals("masked", suppressed.getString(score("reablement-no-ongoing-care")
                .replace("measureScore.value", "measureScore.extension[0].valueCode")));
    }

    @Test
    void aReadmissionWithin91DaysNamesTheEarlierStayAndTheCheckAt91DaysRecordsIt() {
        MovableClock clock = clock("2025-06-02T10:00:00Z");
        String stays = TestNhsNumbers.next();
        String back = TestNhsNumbers.next();
        String[] ids = new String[2];
        String[] people = {stays, back};
        for (int i = 0; i < 2; i++) {
            String visit = visit();
            accepted(Adt.of("A01", people[i], visit).admitted("20250601090000").recorded("20250601090000").er7());
            ids[i] = onlyStay(people[i]).getString("id");
            operation(ids[i], "assign-pathway", null, pathway(1)).statusCode(200);
            accepted(Adt.of("A03", people[i], visit).admitted("20250601090000").discharged("20250605120000").recorded("20250605120000").er7());
            assertEquals("started", reablementStatus(onlyStay(people[i])));
        }
        String again = visit();
        accepted(Adt.of("A01", back, again).admitted("20250615090000").recorded("20250615090000").er7());
        JsonPath readmission = given().auth().oauth2(HUB).get("/fhir/Encounter?identifier=" + again).then()
                .statusCode(200).extract().jsonPath().setRootPath("entry[0].resource");
        assertEquals(ids[1], readmission.getString("extension.find { it.url == '"
                + CareEventContract.READMISSION_OF_EXTENSION + "' }.valueReference.identifier.value"));
        JsonPath earlier = given().auth().oauth2(HUB).get("/fhir/Encounter/" + ids[1]).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("ended", reablementStatus(earlier));
        clock.set("2025-07-10T10:00:00Z");
        operation(ids[0], "end-reablement", null, "{\"name\":\"outcome\",\"valueCode\":\"reduced\"}").statusCode(200);

        clock.set("2025-09-05T10:00:00Z");
        homeChecks.checkDue();
        assertEquals("at-home", homeCheck(given().auth().oauth2(HUB).get("/fhir/Encounter/" + ids[0]).then()
                .statusCode(200).extract().jsonPath()));
        assertEquals("readmitted", homeCheck(given().auth().oauth2(HUB).get("/fhir/Encounter/" + ids[1]).then()
                .statusCode(200).extract().jsonPath()));
        List<String> types = typesAbout(bootstrapServers, back, readmission.getString("id"));
        assertEquals(List.of(EventTypes.DISCHARGE_READMITTED), types);

        JsonPath measures = measures("2025-06-01", "2025-06-30");
        assertEquals(2, measures.getInt(population("at-home-91-days", "denominator")));
        assertEquals(1, measures.getInt(population("at-home-91-days", "numerator")));
        assertEquals(2, measures.getInt(population("readmitted-within-91-days", "denominator")));
        assertEquals(1, measures.getInt(population("readmitted-within-91-days", "numerator")));
    }

    /** Sends the message as the hospital's feed does; it must be accepted (AA). */
    private static void accepted(String message) {
        String ack = http(message);
        assertEquals("AA", field(ack, "MSA", 1), ack);
    }

    private static MovableClock clock(String now) {
        MovableClock clock = new MovableClock(now);
        QuarkusMock.installMockForType(clock, DischargeClock.class);
        return clock;
    }

    private static ValidatableResponse operation(String id, String name, String ifMatch, String parameters) {
        var request = given().auth().oauth2(HUB).contentType("application/fhir+json")
                .body("{\"resourceType\":\"Parameters\",\"parameter\":[" + parameters + "]}");
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.post("/fhir/Encounter/" + id + "/$" + name).then();
    }

    private static void outcome(ValidatableResponse response, int status, String says) {
        response.statusCode(status).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", org.hamcrest.Matchers.containsString(says));
    }

    private static String time(String instant) {
        return "{\"name\":\"time\",\"valueDateTime\":\"" + instant + "\"}";
    }

    private static String pathway(int pathway) {
        return "{\"name\":\"pathway\",\"valueInteger\":" + pathway + "}";
    }

    private static int delayDaysOf(JsonPath stay) {
        return stay.getInt("extension.find { it.url == '" + CareEventContract.DELAY_EXTENSION
                + "' }.extension.find { it.url == 'days' }.valueInteger");
    }

    private static String reablementStatus(JsonPath stay) {
        return stay.getString("extension.find { it.url == '" + CareEventContract.REABLEMENT_EXTENSION
                + "' }.extension.find { it.url == 'status' }.valueCode");
    }

    private static String homeCheck(JsonPath stay) {
        return stay.getString("extension.find { it.url == '" + HospitalStay.HOME_CHECK_EXTENSION
                + "' }.extension.find { it.url == 'outcome' }.valueCode");
    }

    private static JsonPath measures(String from, String to) {
        return measures(HUB, from, to);
    }

    private static JsonPath measures(String token, String from, String to) {
        return given().auth().oauth2(token).get("/fhir/Measure/d2a/$evaluate-measure?periodStart=" + from
                + "&periodEnd=" + to).then().statusCode(200).body("resourceType", equalTo("MeasureReport"))
                .extract().jsonPath();
    }

    private static String score(String code) {
        return "group.find { it.code.coding[0].code == '" + code + "' }.measureScore.value";
    }

    private static String population(String code, String population) {
        return "group.find { it.code.coding[0].code == '" + code + "' }.population.find { it.code.coding[0].code == '"
                + population + "' }.count";
    }

    private Map<String, Integer> delayDayReasons(String stayId) throws Exception {
        Map<String, Integer> reasons = new TreeMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select reason, count(*) from delay_day where stay_id = ? group by reason")) {
            query.setString(1, stayId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    reasons.put(row.getString(1), row.getInt(2));
                }
            }
        }
        return reasons;
    }

    @Test
    void aSearchForStaysNamesThePersonOrTheVisitNotAStatusAlone() {
        given().auth().oauth2(HUB).get("/fhir/Encounter?status=in-progress").then().statusCode(400)
                .body("issue[0].diagnostics", org.hamcrest.Matchers.containsString("Name the person"));
        String nhs = city.onetem.platform.testing.TestNhsNumbers.next();
        http(Adt.of("A01", nhs, visit()).er7());
        given().auth().oauth2(HUB).get("/fhir/Encounter?patient.identifier=" + nhs + "&status=in-progress").then()
                .statusCode(200).body("total", equalTo(1));
        given().auth().oauth2(HUB).get("/fhir/Encounter?patient.identifier=" + nhs + "&status=finished").then()
                .statusCode(200).body("total", equalTo(0));
    }
}
