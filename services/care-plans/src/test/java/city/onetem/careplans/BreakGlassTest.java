package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.Topics;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Break glass: a nurse of another team takes emergency access to one person with a reason; it
 * lets her in at once, every access under it is audited as emergency treatment, it is published
 * for review and listed for the privacy officer until reviewed, and it ends when it expires (5 s
 * in tests, 4 hours by default).
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class BreakGlassTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String CENTRAL_NURSE = KEYS.member("nurse.jones", "R1C", "central", Roles.COMMUNITY_NURSE);
    static final String EAST_NURSE = KEYS.member("nurse.out.of.hours", "R1C", "east", Roles.COMMUNITY_NURSE);
    static final String AUDITOR = KEYS.token("privacy.officer", "R1C", Roles.AUDITOR);
    static final String REASON = "Called out overnight: found on the floor, confused; need her plan and wishes";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @TestHTTPResource("/fhir/CarePlan/_stream")
    URI stream;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void emergencyAccessWithAReasonIsAuditedPublishedReviewedAndExpires() {
        String nhs = TestNhsNumbers.next();
        String plan = given().auth().oauth2(CENTRAL_NURSE).contentType("application/fhir+json")
                .body(CareRelationshipsTest.plan(nhs, "What matters to me: staying at home")).post("/fhir/CarePlan")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan/" + plan).then().statusCode(403);

        breakGlass(EAST_NURSE, nhs, "urgent").statusCode(400).body("issue[0].diagnostics",
                containsString("privacy officer"));
        breakGlass(EAST_NURSE, "9434765918", REASON).statusCode(400);
        breakGlass(KEYS.token("nhs111", "NHS111", Roles.REFERRER), nhs, REASON).statusCode(403);
        Instant before = Instant.now();
        JsonPath grant = breakGlass(EAST_NURSE, nhs, REASON).statusCode(201).extract().jsonPath();
        Instant expires = Instant.parse(grant.getString("parameter.find { it.name == 'expires' }.valueInstant"));
        assertTrue(!expires.isBefore(before.plusSeconds(5)) && expires.isBefore(Instant.now().plusSeconds(6)),
                "expires after the configured 5 s: " + expires);
        String grantId = grant.getString("parameter.find { it.name == 'grant' }.valueString");

        // In at once: the plan and a search by the person, both audited as emergency treatment.
        given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan/" + plan).then().statusCode(200);
        given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan?patient.identifier=" + nhs).then().statusCode(200)
                .body("total", equalTo(1));
        JsonPath trail = given().auth().oauth2(AUDITOR).get("/fhir/AuditEvent?agent.identifier=nurse.out.of.hours"
                + "&patient.identifier=" + nhs).then().statusCode(200).extract().jsonPath();
        // Newest first: the search and read under emergency access, the grant, the attempt without a
        // reason, the refused read before it.
        assertEquals(List.of("search", "read", "$break-glass", "$break-glass", "read"),
                trail.getList("entry.collect { it.resource.subtype[0].code }"));
        assertEquals(List.of("ETREAT", "ETREAT", "TREAT", "TREAT", "TREAT"),
                trail.getList("entry.collect { it.resource.purposeOfEvent[0].coding[0].code }"));
        assertFalse(trail.prettify().contains("confused"), "the reason is not in the audit trail");

        // Published for review: who, whom and until when, without the reason.
        List<ConsumerRecord<String, String>> events = TestEvents.read(bootstrapServers, Topics.ACCESS,
                Duration.ofSeconds(10), records -> records.stream().anyMatch(r -> r.value().contains(grantId)));
        ConsumerRecord<String, String> event = events.stream().filter(r -> r.value().contains(grantId)).findFirst()
                .orElseThrow(() -> new AssertionError("no access.break-glass.v1 for the grant"));
        assertEquals(EventTypes.ACCESS_BREAK_GLASS, TestEvents.header(event, "ce_type"));
        JsonPath published = JsonPath.from(event.value());
        assertEquals("110127", published.getString("subtype[0].code"));
        assertEquals(nhs, published.getString("entity[0].what.identifier.value"));
        assertEquals("nurse.out.of.hours", published.getString("agent[0].who.identifier.value"));
        assertFalse(event.value().contains("confused"), "the reason stays in the service: " + event.value());

        // Listed for the privacy officer, with the reason, until reviewed.
        List<Map<String, Object>> awaiting = given().auth().oauth2(AUDITOR).get("/admin/break-glass").then()
                .statusCode(200).extract().jsonPath().getList("findAll { it.id == '" + grantId + "' }");
        assertEquals(1, awaiting.size());
        assertEquals(REASON, awaiting.get(0).get("reason"));
        assertEquals(nhs, awaiting.get(0).get("nhsNumber"));
        given().auth().oauth2(EAST_NURSE).get("/admin/break-glass").then().statusCode(403);
        review(grantId).statusCode(200).body("reviewNote", equalTo("Appropriate: out of hours call"))
                .body("reviewedBy", containsString("privacy.officer"));
        review(grantId).statusCode(409);
        given().auth().oauth2(AUDITOR).get("/admin/break-glass").then().statusCode(200)
                .body("findAll { it.id == '" + grantId + "' }", org.hamcrest.Matchers.empty());

        // And it ends: the same read is refused again once it expires.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> given().auth()
                .oauth2(EAST_NURSE).get("/fhir/CarePlan/" + plan).then().extract().statusCode() == 403);
        assertTrue(!Instant.now().isBefore(expires), "refused only once expired");
        given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan?patient.identifier=" + nhs).then().statusCode(403);
    }

    @Test
    void aStreamOpenedUnderBreakGlassEndsWhenTheAccessDoes() throws Exception {
        String nhs = TestNhsNumbers.next();
        given().auth().oauth2(CENTRAL_NURSE).contentType("application/fhir+json")
                .body(CareRelationshipsTest.plan(nhs, "What matters to me: my dog")).post("/fhir/CarePlan").then()
                .statusCode(201);
        Instant expires = Instant.parse(breakGlass(EAST_NURSE, nhs, REASON).statusCode(201).extract().jsonPath()
                .getString("parameter.find { it.name == 'expires' }.valueInstant"));
        HttpResponse<InputStream> response = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(stream
                + "?patient.identifier=" + nhs)).header("Authorization", "Bearer " + EAST_NURSE)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream())
                .get(30, TimeUnit.SECONDS);
        try (CarePlanStreamTest.Listening listening = new CarePlanStreamTest.Listening(response)) {
            assertEquals(200, listening.status, listening.body);
            goal(nhs, "Walk to the corner shop");
            listening.until(pushed -> pushed.data() != null && pushed.data().contains("Walk to the corner shop"));

            await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().isAfter(expires));
            goal(nhs, "Feed the ducks");
            assertTrue(listening.endsWithin(Duration.ofSeconds(20)), "the stream ends with the emergency access");
            assertFalse(listening.received().stream().anyMatch(p -> p.data() != null
                    && p.data().contains("Feed the ducks")), "nothing after the access ended");
        }
    }

    private static void goal(String nhs, String what) {
        given().auth().oauth2(CENTRAL_NURSE).contentType("application/fhir+json")
                .body(BadInputFuzzTest.goal(nhs).replace("Walk to the corner shop", what)).post("/fhir/Goal").then()
                .statusCode(201);
    }

    private static io.restassured.response.ValidatableResponse breakGlass(String token, String nhs, String reason) {
        return given().auth().oauth2(token).contentType("application/fhir+json").body("""
                {"resourceType":"Parameters","parameter":[
                  {"name":"patient","valueIdentifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                  {"name":"reason","valueString":"%s"}]}""".formatted(nhs, reason)).post("/fhir/$break-glass").then();
    }

    private static io.restassured.response.ValidatableResponse review(String grantId) {
        return given().auth().oauth2(AUDITOR).contentType("application/json")
                .body("{\"note\":\"Appropriate: out of hours call\"}").post("/admin/break-glass/" + grantId + "/review")
                .then();
    }
}
