package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.Topics;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.ServiceMetrics;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Triage, decisions and the 2-hour clock, each move a version and an event on the real broker. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class ReferralWorkflowTest {

    static final String FHIR_JSON = "application/fhir+json";
    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String GP = KEYS.token("dr.patel", "J82001", Roles.REFERRER);
    static final String SPA = KEYS.token("spa.coordinator", "R1C", Roles.SPA);
    static final String NURSE = KEYS.member("nurse.jones", "R1C", "central", Roles.COMMUNITY_NURSE);
    static final String STATE = "extension.find { it.url == '" + ReferralState.EXTENSION + "' }.valueCode";
    static final String TRIAGE_OUTCOME = "extension.find { it.url == '" + ReferralFhir.TRIAGE
            + "' }.extension.find { it.url == 'outcome' }.valueCode";

    static final String CLOCKS = "onetem_ucr_clocks";
    static final String PUBLISHED = "onetem_events_published_total";
    /** Gauges are read from the database at most every 5 seconds. */
    static final Duration SCRAPE = Duration.ofSeconds(10);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void triagedThenAcceptedEachMoveIsAVersionAndAnEvent() {
        double triaged = ServiceMetrics.value(PUBLISHED, "type", EventTypes.REFERRAL_TRIAGED);
        String nhsNumber = TestNhsNumbers.next();
        String id = refer(ReferralBuilder.gpReferral(nhsNumber));
        operate(id, "$triage", params("priority", "valueCode", "same-day")).statusCode(200)
                .header("Content-Location", endsWith("/fhir/ServiceRequest/" + id + "/_history/2"))
                .header("ETag", equalTo("W/\"2\"")).body(STATE, equalTo("triaged")).body("priority", equalTo("urgent"));
        operate(id, "$accept", "").statusCode(200).header("ETag", equalTo("W/\"3\""))
                .body(STATE, equalTo("accepted")).body(TRIAGE_OUTCOME, equalTo("accepted"))
                .body("status", equalTo("active"));
        given().auth().oauth2(GP).get("/fhir/ServiceRequest/" + id + "/_history").then().body("total", equalTo(3));
        assertEquals(List.of(EventTypes.REFERRAL_RECEIVED, EventTypes.REFERRAL_TRIAGED, EventTypes.REFERRAL_ACCEPTED),
                PublishedEvents.typesAbout(PublishedEvents.upToALaterReferralFor(bootstrapServers, nhsNumber), id));
        // Published once the broker acknowledged it, and counted then.
        ServiceMetrics.await(triaged + 1, SCRAPE, PUBLISHED, "type", EventTypes.REFERRAL_TRIAGED);
    }

    @Test
    void aRedirectOrDeclineSaysWhy() {
        String redirectedPerson = TestNhsNumbers.next();
        String redirected = triaged(ReferralBuilder.gpReferral(redirectedPerson));
        operate(redirected, "$redirect", params("to", "valueString", "Memory clinic")).statusCode(400)
                .body("issue[0].diagnostics", containsString("'reason'"));
        operate(redirected, "$redirect", params("to", "valueString", "Memory clinic", "reason", "valueString",
                "Needs a diagnostic assessment first")).statusCode(200)
                .body(STATE, equalTo("redirected")).body("status", equalTo("revoked"));

        String declinedPerson = TestNhsNumbers.next();
        String declined = triaged(ReferralBuilder.gpReferral(declinedPerson));
        operate(declined, "$decline", params("reason", "valueString", "Already under the district nurses"))
                .statusCode(200).body(STATE, equalTo("declined")).body(TRIAGE_OUTCOME, equalTo("declined"));
        // The refused redirect published nothing.
        List<ConsumerRecord<String, String>> published = PublishedEvents.upToALaterReferralFor(bootstrapServers,
                redirectedPerson, declinedPerson);
        assertEquals(List.of(EventTypes.REFERRAL_RECEIVED, EventTypes.REFERRAL_TRIAGED, EventTypes.REFERRAL_REDIRECTED),
                PublishedEvents.typesAbout(published, redirected));
        assertEquals(List.of(EventTypes.REFERRAL_RECEIVED, EventTypes.REFERRAL_TRIAGED, EventTypes.REFERRAL_DECLINED),
                PublishedEvents.typesAbout(published, declined));
    }

    @Test
    void aMoveTheStateDoesNotAllowIs409AndChangesNothing() {
        String id = refer(ReferralBuilder.gpReferral(TestNhsNumbers.next()));
        operate(id, "$accept", "").statusCode(409).body("issue[0].diagnostics", containsString("is received"));
        given().auth().oauth2(GP).get("/fhir/ServiceRequest/" + id).then().header("ETag", equalTo("W/\"1\""));
    }

    @Test
    void twoDecisionsOnTheSameVersionOneWinsTheOtherGets412() {
        String id = triaged(ReferralBuilder.gpReferral(TestNhsNumbers.next()));
        List<CompletableFuture<Integer>> decisions = List.of("$accept", "$decline").stream()
                .map(op -> CompletableFuture.supplyAsync(() -> given().auth().oauth2(SPA).contentType(FHIR_JSON)
                        .header("If-Match", "W/\"2\"")
                        .body(params("reason", "valueString", "decided"))
                        .post("/fhir/ServiceRequest/" + id + "/" + op).then().extract().statusCode()))
                .toList();
        List<Integer> statuses = decisions.stream().map(CompletableFuture::join).sorted().toList();
        assertTrue(statuses.equals(List.of(200, 412)) || statuses.equals(List.of(200, 409)), statuses.toString());
        given().auth().oauth2(GP).get("/fhir/ServiceRequest/" + id).then().header("ETag", equalTo("W/\"3\""));
        operate(id, "$complete", "", "W/\"2\"").statusCode(412).body("issue[0].code", equalTo("conflict"));
    }

    @Test
    void anUnroutedReferralIsRoutedByHandAtTriage() {
        String id = refer(ReferralBuilder.gpReferral(TestNhsNumbers.next()).source("self").requester(null)
                .registeredAt("Y12345"));
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest?_query=unrouted&_count=500").then()
                .body("entry.resource.id", hasItem(id));
        operate(id, "$triage", params("priority", "valueCode", "routine")).statusCode(200);
        operate(id, "$accept", "").statusCode(422).body("issue[0].code", equalTo("business-rule"));
        operate(id, "$triage", params("priority", "valueCode", "routine", "cluster", "valueCode", "west"))
                .statusCode(200).body("performer[0].identifier.value", equalTo("west"));
        operate(id, "$accept", "").statusCode(200);
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest?_query=unrouted&_count=500").then()
                .body("entry.resource.id", not(hasItem(id)));
    }

    @Test
    void completeAndCancel() {
        String done = triaged(ReferralBuilder.gpReferral(TestNhsNumbers.next()));
        operate(done, "$accept", "").statusCode(200);
        operate(done, "$complete", "").statusCode(200).body(STATE, equalTo("completed"))
                .body("status", equalTo("completed"));
        String withdrawn = refer(ReferralBuilder.gpReferral(TestNhsNumbers.next()));
        operate(withdrawn, "$cancel", params("reason", "valueString", "Person moved away")).statusCode(200)
                .body(STATE, equalTo("cancelled")).body("note[1].text", containsString("Person moved away"));
        operate(withdrawn, "$triage", params("priority", "valueCode", "routine")).statusCode(409);
    }

    @Test
    void theTwoHourClockStopsAtTheFirstFaceToFaceContact() {
        String nhsNumber = TestNhsNumbers.next();
        String id = refer(ReferralBuilder.gpReferral(nhsNumber).category("urgent-community-response"));
        given().auth().oauth2(NURSE).contentType(FHIR_JSON)
                .body(params("time", "valueDateTime", Instant.now().toString()))
                .post("/fhir/ServiceRequest/" + id + "/$record-contact").then().statusCode(200)
                .body("extension.find { it.url == '" + ReferralFhir.UCR_CLOCK
                        + "' }.extension.find { it.url == 'seenWithinTwoHours' }.valueBoolean", equalTo(true));
        operate(id, "$record-contact", "").statusCode(409);
        String routine = refer(ReferralBuilder.gpReferral(TestNhsNumbers.next()));
        operate(routine, "$record-contact", "").statusCode(422);
        // The refused second contact published nothing.
        assertEquals(List.of(EventTypes.REFERRAL_RECEIVED, EventTypes.REFERRAL_CONTACT_RECORDED),
                PublishedEvents.typesAbout(PublishedEvents.upToALaterReferralFor(bootstrapServers, nhsNumber), id));
    }

    @Test
    void aUcrReferralWithoutContactIsFlaggedAtRiskOnceAndQueued() throws InterruptedException {
        // In tests the clock flags after 3 s rather than 90 minutes (application.properties).
        String waitingPerson = TestNhsNumbers.next();
        String seenPerson = TestNhsNumbers.next();
        double flagged = ServiceMetrics.value("onetem_ucr_breach_risk_flagged_total");
        String waiting = refer(ReferralBuilder.gpReferral(waitingPerson).category("urgent-community-response"));
        String seen = refer(ReferralBuilder.gpReferral(seenPerson).category("urgent-community-response"));
        operate(seen, "$record-contact", "").statusCode(200);

        TestEvents.read(bootstrapServers, Topics.REFERRALS, Duration.ofSeconds(10), records -> records.stream()
                .anyMatch(r -> PublishedEvents.isAbout(r, waiting)
                        && EventTypes.REFERRAL_BREACH_RISK.equals(TestEvents.header(r, CloudEventHeaders.TYPE))));
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest?_query=at-risk&_count=500").then().statusCode(200)
                .body("entry.resource.id", hasItem(waiting)).body("entry.resource.id", not(hasItem(seen)));
        // Let the clock scan (every 0.5 s in tests) a few more times, then read everything published by then.
        Thread.sleep(1_500);
        List<ConsumerRecord<String, String>> published = PublishedEvents.upToALaterReferralFor(bootstrapServers,
                waitingPerson, seenPerson);
        assertEquals(List.of(EventTypes.REFERRAL_RECEIVED, EventTypes.REFERRAL_BREACH_RISK),
                PublishedEvents.typesAbout(published, waiting), "flagged once, however many scans");
        assertEquals(List.of(EventTypes.REFERRAL_RECEIVED, EventTypes.REFERRAL_CONTACT_RECORDED),
                PublishedEvents.typesAbout(published, seen), "a referral seen in time is never flagged");
        // Counted (once per referral is the events' check above: earlier tests' open clocks may be flagged meanwhile).
        assertTrue(ServiceMetrics.value("onetem_ucr_breach_risk_flagged_total") >= flagged + 1, "counted");
    }

    @Test
    void aBreachedClockShowsOnTheDashboardUntilTheFirstContact() throws SQLException {
        String id = refer(ReferralBuilder.gpReferral(TestNhsNumbers.next()).category("urgent-community-response"));
        double breached = ServiceMetrics.value(CLOCKS, "state", "breached");
        // As if received 3 hours ago, with nobody seen yet.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement backdate = connection.prepareStatement(
                        "update referral set received_at = now() - interval '3 hours' where id = ?")) {
            backdate.setString(1, id);
            assertEquals(1, backdate.executeUpdate());
        }
        ServiceMetrics.await(breached + 1, SCRAPE, CLOCKS, "state", "breached");
        operate(id, "$record-contact", "").statusCode(200);
        ServiceMetrics.await(breached, SCRAPE, CLOCKS, "state", "breached");
    }

    @Test
    void theUntriagedQueueIsMostUrgentThenOldestFirst() {
        String routine = refer(ReferralBuilder.gpReferral(TestNhsNumbers.next()));
        String urgent = refer(ReferralBuilder.gpReferral(TestNhsNumbers.next()).category("urgent-community-response"));
        List<String> queue = given().auth().oauth2(SPA).get("/fhir/ServiceRequest?_query=untriaged&_count=500")
                .then().statusCode(200).extract().path("entry.resource.id");
        assertTrue(queue.contains(urgent) && queue.contains(routine), queue.toString());
        assertTrue(queue.indexOf(urgent) < queue.indexOf(routine), queue.toString());
        operate(routine, "$triage", params("priority", "valueCode", "routine")).statusCode(200);
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest?_query=untriaged&_count=500").then()
                .body("entry.resource.id", not(hasItem(routine)));
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest?_query=lost").then().statusCode(400);
    }

    @Test
    void searchBySourceClusterPriorityStatusAndLastUpdated() {
        Instant before = Instant.now().minusSeconds(1);
        String nhsNumber = TestNhsNumbers.next();
        String id = refer(ReferralBuilder.gpReferral(nhsNumber).source("hospital").requester("RHM01")
                .registeredAt("J82044"));
        String base = "/fhir/ServiceRequest?_count=500&";
        for (String query : List.of("source=hospital", "cluster=south", "priority=routine", "status=received",
                "status=active", "_lastUpdated=ge" + before, "patient.identifier=" + nhsNumber)) {
            List<String> found = given().auth().oauth2(SPA).get(base + query).then().statusCode(200).extract()
                    .path("entry.resource.id");
            assertTrue(found != null && found.contains(id), query + " finds the referral");
        }
        given().auth().oauth2(SPA).get(base + "cluster=north&patient.identifier=" + nhsNumber).then()
                .body("total", equalTo(0));
        given().auth().oauth2(SPA).get(base + "colour=blue").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("not supported"));
    }

    @Test
    void onlyTheSpaTeamDecides() {
        String id = refer(ReferralBuilder.gpReferral(TestNhsNumbers.next()));
        given().auth().oauth2(GP).contentType(FHIR_JSON).body(params("priority", "valueCode", "routine"))
                .post("/fhir/ServiceRequest/" + id + "/$triage").then().statusCode(403);
    }

    private String triaged(ReferralBuilder referral) {
        String id = refer(referral);
        operate(id, "$triage", params("priority", "valueCode", "routine")).statusCode(200);
        return id;
    }

    private String refer(ReferralBuilder referral) {
        return given().auth().oauth2(GP).contentType(FHIR_JSON).body(referral.json()).post("/fhir/ServiceRequest")
                .then().statusCode(201).extract().path("id");
    }

    private ValidatableResponse operate(String id, String operation, String body) {
        return operate(id, operation, body, null);
    }

    private ValidatableResponse operate(String id, String operation, String body, String ifMatch) {
        var request = given().auth().oauth2(SPA).contentType(FHIR_JSON).body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.post("/fhir/ServiceRequest/" + id + "/" + operation).then();
    }

    /** A Parameters resource from name, value type, value triples. */
    static String params(String... nameTypeValue) {
        StringBuilder json = new StringBuilder("{\"resourceType\":\"Parameters\",\"parameter\":[");
        for (int i = 0; i < nameTypeValue.length; i += 3) {
            json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(nameTypeValue[i]).append("\",\"")
                    .append(nameTypeValue[i + 1]).append("\":\"").append(nameTypeValue[i + 2]).append("\"}");
        }
        return json.append("]}").toString();
    }
}
