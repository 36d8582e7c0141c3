package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import city.onetem.platform.access.Roles;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
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
        // The referrals below are moved to a past day that has no other urgent referrals, so every figure for
        // that day is this test's own and can be worked out by hand.
        LocalDate day = aDayWithoutUrgentReferrals();
        // Itchen (practice J82051): a person of 90 seen in 45 minutes, a person of unknown age seen after
        // 3 hours, and a person of 70 not seen yet.
        String ninety = refer(urgentReferral("J82051").bornOn(day.minusYears(90)));
        receivedAt(ninety, day, "09:00");
        contact(ninety, day, "09:45");
        String late = refer(urgentReferral("J82051"));
        receivedAt(late, day, "09:00");
        contact(late, day, "12:00");
        String waiting = refer(urgentReferral("J82051").bornOn(day.minusYears(70)));
        receivedAt(waiting, day, "09:00");
        // Central (practice J82001), age unknown: seen in an hour and a half.
        String central = refer(urgentReferral("J82001"));
        receivedAt(central, day, "10:00");
        contact(central, day, "11:30");
        // Not an urgent community response referral: not counted.
        receivedAt(refer(ReferralBuilder.gpReferral(TestNhsNumbers.next()).registeredAt("J82051")), day, "09:00");

        JsonPath measures = urgentResponse(day);
        assertEquals(4, measures.getLong("referrals"));
        assertEquals(1, measures.getLong("awaitingFirstContact"));
        // Seen: 3, of whom 2 within two hours: 66.7%.
        assertSeen(measures, "overall", 3, 2, 66.7);
        assertEquals(Set.of("itchen", "central"), measures.getMap("byCluster").keySet());
        assertSeen(measures, "byCluster.itchen", 2, 1, 50.0);
        assertSeen(measures, "byCluster.central", 1, 1, 100.0);
        // Age on the day received; only people seen are counted, so the person of 70 is in no band.
        assertEquals(Set.of("85+", "unknown"), measures.getMap("byAgeBand").keySet());
        assertSeen(measures, "byAgeBand.'85+'", 1, 1, 100.0);
        assertSeen(measures, "byAgeBand.unknown", 2, 1, 50.0);
        assertEquals(70.0, measures.getDouble("nationalThresholdPercent"));
    }

    @Test
    void referralsBySourceAndClusterAndTimeToTriage() {
        JsonPath before = referralMeasures();
        String id = refer(ReferralBuilder.gpReferral(TestNhsNumbers.next()).source("carer").requester(null)
                .registeredAt("Y00001"));
        given().auth().oauth2(SPA).contentType("application/fhir+json")
                .body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"priority\",\"valueCode\":\"routine\"}]}")
                .post("/fhir/ServiceRequest/" + id + "/$triage").then().statusCode(200);
        JsonPath after = referralMeasures();
        // The database is shared with the other tests: what this test changed is the difference.
        assertEquals(1, count(after, "total") - count(before, "total"));
        assertEquals(1, count(after, "bySource.carer") - count(before, "bySource.carer"));
        assertEquals(0, count(after, "bySource.gp") - count(before, "bySource.gp"));
        assertEquals(1, count(after, "byCluster.unrouted") - count(before, "byCluster.unrouted"));
        assertEquals(1, count(after, "byState.triaged") - count(before, "byState.triaged"));
        assertEquals(0, count(after, "byState.received") - count(before, "byState.received"));
        assertEquals(1, count(after, "timeToTriage.triaged") - count(before, "timeToTriage.triaged"));
        given().auth().oauth2(SPA).get("/spa/measures/referrals?from=2026-13-01").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
        given().auth().oauth2(GP).get("/spa/measures/referrals").then().statusCode(403);
    }

    @Test
    void theClusterMapIsDataTheSpaTeamEdits() {
        given().auth().oauth2(SPA).get("/spa/clusters").then().statusCode(200).body("size()", equalTo(6))
                .body("find { it.code == 'west' }.practices", hasItem("J82031"));
        // Moved twice: the database can outlive a run, so the practice may be in the north before this test.
        movePractice("J82999", "north").statusCode(200).body("cluster", equalTo("north"));
        assertEquals("north", clusterOfAReferralFrom("J82999"));
        movePractice("J82999", "south").statusCode(200).body("cluster", equalTo("south"));
        assertEquals("south", clusterOfAReferralFrom("J82999"));
        movePractice("J82999", "atlantis").statusCode(400);
        assertEquals("south", clusterOfAReferralFrom("J82999"), "a refused move changes nothing");
    }

    private ValidatableResponse movePractice(String practice, String cluster) {
        return given().auth().oauth2(SPA).contentType("application/json")
                .body(Map.of("cluster", cluster, "name", "New practice")).put("/spa/practices/" + practice).then();
    }

    private String clusterOfAReferralFrom(String practice) {
        return given().auth().oauth2(GP).contentType("application/fhir+json")
                .body(ReferralBuilder.gpReferral(TestNhsNumbers.next()).registeredAt(practice).json())
                .post("/fhir/ServiceRequest").then().statusCode(201).extract().path("performer[0].identifier.value");
    }

    private static long count(JsonPath json, String path) {
        Object value = json.get(path);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private JsonPath urgentResponse(LocalDate day) {
        return given().auth().oauth2(SPA).get("/spa/measures/urgent-community-response?from=" + day + "&to=" + day)
                .then().statusCode(200).extract()
                .jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    /** A group's people seen, seen within two hours, and that as a percentage, as worked out by hand. */
    private static void assertSeen(JsonPath measures, String group, long seen, long withinTwoHours, double percent) {
        assertEquals(seen, measures.getLong(group + ".seen"), group + ".seen");
        assertEquals(withinTwoHours, measures.getLong(group + ".withinTwoHours"), group + ".withinTwoHours");
        assertEquals(percent, measures.getDouble(group + ".percentWithinTwoHours"), group + ".percentWithinTwoHours");
    }

    private JsonPath referralMeasures() {
        return given().auth().oauth2(SPA).get("/spa/measures/referrals").then().statusCode(200).extract().jsonPath();
    }

    /** A day long past without urgent referrals (the database can outlive one run: a day used before is skipped). */
    private LocalDate aDayWithoutUrgentReferrals() {
        LocalDate day = LocalDate.of(2000, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3_650));
        while (urgentResponse(day).getLong("referrals") > 0) {
            day = day.plusDays(1);
        }
        return day;
    }

    /** An urgent community response referral for a new person registered at this practice. */
    private static ReferralBuilder urgentReferral(String practice) {
        return ReferralBuilder.gpReferral(TestNhsNumbers.next()).category("urgent-community-response")
                .registeredAt(practice);
    }

    private String refer(ReferralBuilder referral) {
        return given().auth().oauth2(GP).contentType("application/fhir+json").body(referral.json())
                .post("/fhir/ServiceRequest").then().statusCode(201).extract().path("id");
    }

    private void contact(String id, LocalDate day, String time) {
        given().auth().oauth2(SPA).contentType("application/fhir+json")
                .body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"time\",\"valueDateTime\":\""
                        + at(day, time) + "\"}]}")
                .post("/fhir/ServiceRequest/" + id + "/$record-contact").then().statusCode(200);
    }

    /** As if the referral had come in then: the clock cannot be wound back through the API. */
    private void receivedAt(String id, LocalDate day, String time) throws Exception {
        try (Connection db = dataSource.getConnection(); PreparedStatement update = db.prepareStatement(
                "update referral set received_at = ? where id = ?")) {
            update.setTimestamp(1, Timestamp.from(at(day, time)));
            update.setString(2, id);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static Instant at(LocalDate day, String time) {
        return day.atTime(LocalTime.parse(time)).toInstant(ZoneOffset.UTC);
    }
}
