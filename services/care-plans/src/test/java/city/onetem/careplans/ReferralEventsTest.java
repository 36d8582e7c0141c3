package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Referral events published to the real broker, as the SPA publishes them, become care plans. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class ReferralEventsTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    /** In the team a referral is routed to (central) and the teams that accept them here (east, west). */
    static final String NURSE = KEYS.token("nurse.jones", "R1C", java.time.Duration.ofHours(1),
            List.of("central", "east", "west"), Roles.COMMUNITY_NURSE);
    static final String OPERATOR = KEYS.token("oncall.engineer", "R1C", Roles.OPERATOR);
    static final String SPA_SOURCE = "/onetem/referrals";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    PersonKeys personKeys;

    @Test
    void aReceivedReferralCreatesThePersonsPlanAndPublishesIt() {
        String nhs = "9434765919";
        String referralId = UUID.randomUUID().toString();
        publish(UUID.randomUUID().toString(), nhs, referralId, 1, "Community nursing");

        JsonPath plan = awaitPlan(nhs, 1);
        assertEquals("active", plan.getString("status"));
        assertEquals(nhs, plan.getString("subject.identifier.value"));
        assertEquals(referralId, plan.getString("activity[0].reference.identifier.value"));
        String planId = plan.getString("id");

        List<ConsumerRecord<String, String>> published = TestEvents.read(bootstrapServers, Topics.CARE_PLANS,
                Duration.ofSeconds(10), seen -> seen.stream().anyMatch(r -> isAbout(r, planId)));
        ConsumerRecord<String, String> created = published.stream().filter(r -> isAbout(r, planId)).findFirst()
                .orElseThrow();
        assertEquals(EventTypes.CAREPLAN_CREATED, TestEvents.header(created, CloudEventHeaders.TYPE));
        assertEquals(personKeys.keyFor(new NhsNumber(nhs)), created.key(), "same person key on every topic");

        given().auth().oauth2(NURSE).get("/fhir/CarePlan/" + planId + "/_history").then().statusCode(200)
                .body("total", equalTo(1))
                .body("entry[0].resource.meta.versionId", equalTo("1"));
    }

    @Test
    void aSecondReferralForThePersonUpdatesTheSamePlan() {
        String nhs = "9000000009";
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        publish(UUID.randomUUID().toString(), nhs, first, 1, "Community nursing");
        publish(UUID.randomUUID().toString(), nhs, second, 1, "Reablement");

        JsonPath plan = awaitPlan(nhs, 2);
        assertEquals(List.of(first, second), plan.getList("activity.reference.identifier.value"));
        given().auth().oauth2(NURSE).get("/fhir/CarePlan?subject:identifier=" + nhs).then().statusCode(200)
                .body("total", equalTo(1));
    }

    @Test
    void aReplayedEventChangesNothing() throws InterruptedException {
        String nhs = "9434765080";
        String eventId = UUID.randomUUID().toString();
        String referralId = UUID.randomUUID().toString();
        publish(eventId, nhs, referralId, 1, "Social care assessment");
        awaitPlan(nhs, 1);

        publish(eventId, nhs, referralId, 1, "Social care assessment");
        // The same referral version under a new event id is a replay too: the version gate holds it.
        publish(UUID.randomUUID().toString(), nhs, referralId, 1, "Social care assessment");
        // A marker event after the replays: once it is applied, the replays before it were consumed.
        publish(UUID.randomUUID().toString(), nhs, UUID.randomUUID().toString(), 1, "Mental health");

        JsonPath plan = awaitPlan(nhs, 2);
        assertEquals(2, plan.getList("activity").size());
        assertFalse(processed(eventId), "the referral's version guards its events: no processed_event row needed");
    }

    private boolean processed(String eventId) {
        try (Connection connection = dataSource.getConnection(); var query = connection.prepareStatement(
                "select 1 from processed_event where event_id = ?")) {
            query.setString(1, eventId);
            try (var row = query.executeQuery()) {
                return row.next();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPoisonEventIsParkedOnTheDeadLetterTopicAndTheNextEventStillApplies() {
        String nhs = "4010232137";
        String key = personKeys.keyFor(new NhsNumber(nhs));
        String poisonId = UUID.randomUUID().toString();
        TestEvents.publish(bootstrapServers, Topics.REFERRALS, key, Map.of(
                CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, poisonId,
                CloudEventHeaders.SOURCE, SPA_SOURCE, CloudEventHeaders.TYPE, EventTypes.REFERRAL_RECEIVED),
                "{\"resourceType\":\"Patient\",\"not\":\"a referral\"");
        publish(UUID.randomUUID().toString(), nhs, UUID.randomUUID().toString(), 1, "Community nursing");

        awaitPlan(nhs, 1);
        List<ConsumerRecord<String, String>> parked = TestEvents.read(bootstrapServers,
                Topics.deadLetter(Topics.REFERRALS), Duration.ofSeconds(10),
                seen -> seen.stream().anyMatch(r -> poisonId.equals(TestEvents.header(r, CloudEventHeaders.ID))));
        ConsumerRecord<String, String> dead = parked.stream()
                .filter(r -> poisonId.equals(TestEvents.header(r, CloudEventHeaders.ID))).findFirst().orElseThrow();
        assertTrue(TestEvents.header(dead, "dead-letter-reason").contains("ServiceRequest"),
                "the reason names what was wrong: " + TestEvents.header(dead, "dead-letter-reason"));
    }

    @Test
    void aReferralNamingAnInvalidNhsNumberIsParkedWithTheReason() {
        String nhs = "4010232145";
        String poisonId = UUID.randomUUID().toString();
        // The same key as the person's next event, so it sits before that event on one partition.
        TestEvents.publish(bootstrapServers, Topics.REFERRALS, personKeys.keyFor(new NhsNumber(nhs)), Map.of(
                CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, poisonId,
                CloudEventHeaders.SOURCE, SPA_SOURCE, CloudEventHeaders.TYPE, EventTypes.REFERRAL_RECEIVED),
                """
                {"resourceType":"ServiceRequest","id":"%s","meta":{"versionId":"1"},"status":"active",
                 "intent":"order","subject":{"identifier":{"system":"%s","value":"4010232146"}}}"""
                        .formatted(UUID.randomUUID(), NhsNumber.SYSTEM));
        publish(UUID.randomUUID().toString(), nhs, UUID.randomUUID().toString(), 1, "Community nursing");

        awaitPlan(nhs, 1);
        ConsumerRecord<String, String> dead = TestEvents.read(bootstrapServers, Topics.deadLetter(Topics.REFERRALS),
                Duration.ofSeconds(10),
                seen -> seen.stream().anyMatch(r -> poisonId.equals(TestEvents.header(r, CloudEventHeaders.ID))))
                .stream().filter(r -> poisonId.equals(TestEvents.header(r, CloudEventHeaders.ID))).findFirst()
                .orElseThrow();
        assertTrue(TestEvents.header(dead, "dead-letter-reason").contains("4010232146"),
                "the reason names the number that failed: " + TestEvents.header(dead, "dead-letter-reason"));
    }

    @Test
    void aRecordHeldUpShowsOnTheEventsHealthUntilItMovesAgain() throws Exception {
        String nhs = TestNhsNumbers.next();
        try (Connection blocker = dataSource.getConnection(); Statement lock = blocker.createStatement()) {
            // Someone holds the plans table (a long migration, say): the consumer waits on it.
            blocker.setAutoCommit(false);
            lock.execute("lock table care_plan in access exclusive mode");
            publish(UUID.randomUUID().toString(), nhs, UUID.randomUUID().toString(), 1, "Reablement");
            // The event-progress check, not the group: parked events elsewhere also make the group DOWN.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "DOWN".equals(given().get("/q/health/group/events").jsonPath()
                            .getString("checks.find { it.name == 'event-progress' }.status")));
            given().get("/q/health/group/events").then().statusCode(503);
            given().auth().oauth2(OPERATOR).get("/admin/health/group/events").then().statusCode(503)
                    .body("checks.find { it.name == 'event-progress' }.data.toString()", containsString("referrals.v1-"));
            given().get("/q/health/ready").then().statusCode(200); // the API still serves
            blocker.rollback();
        }
        awaitPlan(nhs, 1);
        given().get("/q/health/group/events").then()
                .body("checks.find { it.name == 'event-progress' }.status", equalTo("UP"));
    }

    @Test
    void carePlansNeedACareTeamRole() {
        given().get("/fhir/CarePlan?patient.identifier=9434765919").then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome"));
        given().auth().oauth2(KEYS.token("nhs111", "NHS111", Roles.REFERRER))
                .get("/fhir/CarePlan?patient.identifier=9434765919").then().statusCode(403);
        given().auth().oauth2(NURSE).get("/fhir/CarePlan?patient.identifier=1234567890").then().statusCode(400)
                .body("issue[0].diagnostics", org.hamcrest.Matchers.containsString("modulus 11"));
        given().get("/fhir/metadata").then().statusCode(200)
                .body("rest[0].resource.type", hasItems("CarePlan", "CareTeam", "Goal", "QuestionnaireResponse", "Task"))
                .body("rest[0].resource.find { it.type == 'CarePlan' }.interaction.code", hasItems("create", "update"))
                .body("rest[0].resource.find { it.type == 'CarePlan' }.operation.name", hasItems("mdt-review"));
    }

    @Test
    void anAcceptedReferralShowsOnThePlanWithItsTeamAndALateOlderVersionDoesNotRollItBack() {
        String nhs = "9876543210";
        String referralId = UUID.randomUUID().toString();
        publish(UUID.randomUUID().toString(), nhs, referralId, 1, "Reablement");
        awaitPlan(nhs, 1);
        publish(UUID.randomUUID().toString(), EventTypes.REFERRAL_ACCEPTED, nhs, referralId, 3, "Reablement",
                "accepted", "East cluster");
        JsonPath plan = awaitPlan(nhs, 2);
        assertEquals("Reablement referral: accepted by East cluster", plan.getString("activity[0].reference.display"));
        // The east team's caseload now has the plan.
        String planId = plan.getString("id");
        given().auth().oauth2(NURSE).get("/fhir/CarePlan?cluster=east&status=active&_lastUpdated=ge"
                + java.time.Instant.now().minusSeconds(60)).then().statusCode(200)
                .body("entry.resource.id", org.hamcrest.Matchers.hasItem(planId));
        given().auth().oauth2(NURSE).get("/fhir/CarePlan?cluster=west").then().statusCode(200)
                .body("entry.resource.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(planId)));
        // The accepting team's first job, on their list.
        given().auth().oauth2(NURSE).get("/fhir/Task?owner=east").then().statusCode(200)
                .body("entry.resource.find { it.focus.identifier.value == '" + referralId + "' }.description",
                        equalTo("Respond to the reablement referral"));
        // The east team joins the person's care team; the task, the team and the referral's state are one version.
        given().auth().oauth2(NURSE).get("/fhir/CareTeam?patient.identifier=" + nhs).then().statusCode(200)
                .body("total", equalTo(1))
                .body("entry[0].resource.participant[0].member.identifier.value", equalTo("east"))
                .body("entry[0].resource.participant[0].role[0].coding[0].code", equalTo("cluster-team"));
        assertEquals("Care team: no accountable professional named yet; no care navigator named yet; 1 member",
                plan.getString("careTeam[0].display"));

        // Version 2 (triaged) arrives after version 3 under a new event id, then a marker event.
        publish(UUID.randomUUID().toString(), EventTypes.REFERRAL_TRIAGED, nhs, referralId, 2, "Reablement",
                "triaged", null);
        publish(UUID.randomUUID().toString(), nhs, UUID.randomUUID().toString(), 1, "Mental health");
        plan = awaitPlan(nhs, 3);
        assertEquals("Reablement referral: accepted by East cluster", plan.getString("activity[0].reference.display"));
    }

    @Test
    void everyReferralLifecycleEventReplayedChangesNothing() {
        String nhs = TestNhsNumbers.next();
        record Sent(String eventId, String type, String referralId, int version, String state, String team) {
        }
        List<Sent> sent = new java.util.ArrayList<>();
        String accepted = UUID.randomUUID().toString();
        sent.add(new Sent(UUID.randomUUID().toString(), EventTypes.REFERRAL_RECEIVED, accepted, 1, "received", null));
        sent.add(new Sent(UUID.randomUUID().toString(), EventTypes.REFERRAL_TRIAGED, accepted, 2, "triaged", null));
        sent.add(new Sent(UUID.randomUUID().toString(), EventTypes.REFERRAL_ACCEPTED, accepted, 3, "accepted", "East cluster"));
        sent.add(new Sent(UUID.randomUUID().toString(), EventTypes.REFERRAL_COMPLETED, accepted, 4, "completed", "East cluster"));
        Map<String, String> ended = Map.of(EventTypes.REFERRAL_REDIRECTED, "redirected", EventTypes.REFERRAL_DECLINED,
                "declined", EventTypes.REFERRAL_CANCELLED, "cancelled", EventTypes.REFERRAL_ENTERED_IN_ERROR,
                "entered-in-error");
        ended.forEach((type, state) -> {
            String referral = UUID.randomUUID().toString();
            sent.add(new Sent(UUID.randomUUID().toString(), EventTypes.REFERRAL_RECEIVED, referral, 1, "received", null));
            sent.add(new Sent(UUID.randomUUID().toString(), type, referral, 2, state, null));
        });
        sent.forEach(e -> publish(e.eventId(), e.type(), nhs, e.referralId(), e.version(), "Reablement", e.state(), e.team()));
        JsonPath plan = awaitPlan(nhs, sent.size());
        List<String> lines = plan.getList("activity.reference.display");
        for (String state : List.of("completed", "redirected", "declined", "cancelled", "entered-in-error")) {
            assertTrue(lines.contains("Reablement referral: " + state), lines.toString());
        }

        // Every event again under its own id, then every version again under a new id: all replays.
        sent.forEach(e -> publish(e.eventId(), e.type(), nhs, e.referralId(), e.version(), "Reablement", e.state(), e.team()));
        sent.forEach(e -> publish(UUID.randomUUID().toString(), e.type(), nhs, e.referralId(), e.version(), "Reablement",
                e.state(), e.team()));
        publish(UUID.randomUUID().toString(), nhs, UUID.randomUUID().toString(), 1, "Mental health");
        plan = awaitPlan(nhs, sent.size() + 1);
        assertEquals(lines.size() + 1, plan.getList("activity").size());
        given().auth().oauth2(NURSE).get("/fhir/Task?patient.identifier=" + nhs).then().body("total", equalTo(1));
        given().auth().oauth2(NURSE).get("/fhir/CareTeam?patient.identifier=" + nhs).then()
                .body("entry[0].resource.participant.size()", equalTo(1))
                .body("entry[0].resource.meta.versionId", equalTo("1"));
    }

    private void publish(String eventId, String nhs, String referralId, int version, String category) {
        publish(eventId, EventTypes.REFERRAL_RECEIVED, nhs, referralId, version, category, "received", null);
    }

    private void publish(String eventId, String type, String nhs, String referralId, int version, String category,
            String state, String team) {
        new SpaEvents(bootstrapServers, personKeys).publish(eventId, type, nhs, referralId, version, category, state,
                team);
    }

    /** Waits until the person's plan reaches this version and returns it; fails if it goes past it. */
    private JsonPath awaitPlan(String nhs, int version) {
        return Plans.await(NURSE, nhs, version, Duration.ofSeconds(15));
    }

    private static boolean isAbout(ConsumerRecord<String, String> record, String planId) {
        return ("CarePlan/" + planId).equals(TestEvents.header(record, CloudEventHeaders.SUBJECT));
    }
}
