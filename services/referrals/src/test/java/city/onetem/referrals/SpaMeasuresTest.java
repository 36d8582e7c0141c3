package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.fhir.Roles;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SPA's measures and its cluster map, as the SPA team uses them. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class SpaMeasuresTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String GP = KEYS.token("dr.patel", "J82001", Roles.REFERRER);
    static final String SPA = KEYS.token("spa.coordinator", "R1C", Roles.SPA);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void urgentResponseWithinTwoHoursByClusterAndAgeBand() throws Exception {
        JsonPath before = ucr();
        ReferralBuilder elderly = ReferralBuilder.gpReferral(TestNhsNumbers.next()).category("urgent-community-response")
                .registeredAt("J82051");
        elderly.resource().getContained().stream().map(r -> (org.hl7.fhir.r4.model.Patient) r).findFirst().orElseThrow()
                .setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1935-03-01"));
        String seenInTime = refer(elderly);
        contact(seenInTime);
        String seenLate = refer(ReferralBuilder.gpReferral(TestNhsNumbers.next()).category("urgent-community-response")
                .registeredAt("J82051"));
        receivedHoursAgo(seenLate, 3);
        contact(seenLate);
        refer(ReferralBuilder.gpReferral(TestNhsNumbers.next()).category("urgent-community-response"));

        JsonPath after = ucr();
        assertEquals(3, count(after, "referrals") - count(before, "referrals"));
        assertEquals(2, count(after, "overall.seen") - count(before, "overall.seen"));
        assertEquals(1, count(after, "overall.withinTwoHours") - count(before, "overall.withinTwoHours"));
        assertEquals(2, count(after, "byCluster.itchen.seen") - count(before, "byCluster.itchen.seen"));
        assertTrue(count(after, "byAgeBand.'85+'.withinTwoHours") >= 1, after.prettify());
        assertEquals(70.0, after.getDouble("nationalThresholdPercent"));
    }

    @Test
    void referralsBySourceAndClusterAndTimeToTriage() {
        String id = refer(ReferralBuilder.gpReferral(TestNhsNumbers.next()).source("carer").requester(null)
                .registeredAt("Y00001"));
        given().auth().oauth2(SPA).contentType("application/fhir+json")
                .body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"priority\",\"valueCode\":\"routine\"}]}")
                .post("/fhir/ServiceRequest/" + id + "/$triage").then().statusCode(200);
        given().auth().oauth2(SPA).get("/spa/measures/referrals").then().statusCode(200)
                .body("bySource.carer", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("byCluster.unrouted", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("timeToTriage.triaged", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        given().auth().oauth2(SPA).get("/spa/measures/referrals?from=2026-13-01").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
        given().auth().oauth2(GP).get("/spa/measures/referrals").then().statusCode(403);
    }

    @Test
    void theClusterMapIsDataTheSpaTeamEdits() {
        given().auth().oauth2(SPA).get("/spa/clusters").then().statusCode(200).body("size()", equalTo(6))
                .body("find { it.code == 'west' }.practices", hasItem("J82031"));
        given().auth().oauth2(SPA).contentType("application/json").body(Map.of("cluster", "north", "name", "New practice"))
                .put("/spa/practices/J82999").then().statusCode(200).body("cluster", equalTo("north"));
        given().auth().oauth2(GP).contentType("application/fhir+json")
                .body(ReferralBuilder.gpReferral(TestNhsNumbers.next()).registeredAt("J82999").json())
                .post("/fhir/ServiceRequest").then().statusCode(201)
                .body("performer[0].identifier.value", equalTo("north"));
        given().auth().oauth2(SPA).contentType("application/json").body(Map.of("cluster", "atlantis"))
                .put("/spa/practices/J82999").then().statusCode(400);
    }

    private static long count(JsonPath json, String path) {
        Object value = json.get(path);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private JsonPath ucr() {
        return given().auth().oauth2(SPA).get("/spa/measures/urgent-community-response").then().statusCode(200)
                .extract().jsonPath();
    }

    private String refer(ReferralBuilder referral) {
        return given().auth().oauth2(GP).contentType("application/fhir+json").body(referral.json())
                .post("/fhir/ServiceRequest").then().statusCode(201).extract().path("id");
    }

    private void contact(String id) {
        given().auth().oauth2(SPA).contentType("application/fhir+json").post("/fhir/ServiceRequest/" + id
                + "/$record-contact").then().statusCode(200);
    }

    /** As if the referral had come in hours ago: the clock cannot be wound back through the API. */
    private void receivedHoursAgo(String id, int hours) throws Exception {
        try (Connection db = dataSource.getConnection(); PreparedStatement update = db.prepareStatement(
                "update referral set received_at = now() - make_interval(hours => ?) where id = ?")) {
            update.setInt(1, hours);
            update.setString(2, id);
            assertEquals(1, update.executeUpdate());
        }
    }
}
