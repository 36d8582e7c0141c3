package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.ServiceMetrics;
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

/**
 * An event that keeps failing is parked after its retries, so the people after it on its
 * partition still get their updates; the operator sees it, fixes the cause and replays it once.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class ParkedEventsTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String NURSE = KEYS.member("nurse.jones", "R1C", "central", Roles.COMMUNITY_NURSE);
    static final String OPERATOR = KEYS.token("oncall.engineer", "R1C", Roles.OPERATOR);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    PersonKeys personKeys;

    private static final String PARKED = "onetem_events_parked";

    @Test
    void aFaultThatRepeatsIsParkedAfterItsRetriesThePartitionMovesOnAndAReplayAfterTheFixAppliesItOnce()
            throws Exception {
        dismissWhatEarlierTestsParked();
        double parkedOnArrival = ServiceMetrics.value("onetem_events_consumed_total", "type",
                EventTypes.REFERRAL_RECEIVED, "outcome", "parked");
        String faulty = TestNhsNumbers.next();
        String next = TestNhsNumbers.next();
        String faultyReferral = UUID.randomUUID().toString();
        String faultyEvent = UUID.randomUUID().toString();
        SpaEvents spa = new SpaEvents(bootstrapServers, personKeys);
        String partitionKey = personKeys.keyFor(new NhsNumber(faulty));
        try {
            // A bug, as far as the consumer can tell: every attempt to write this person's plan fails.
            sql("""
                    create or replace function refuse_person() returns trigger language plpgsql as $$
                    begin
                        if new.nhs_number = '%s' then raise exception 'simulated fault writing this plan'; end if;
                        return new;
                    end $$;
                    create trigger refuse_person before insert or update on care_plan
                        for each row execute function refuse_person()""".formatted(faulty));
            spa.publish(partitionKey, faultyEvent, EventTypes.REFERRAL_RECEIVED, faulty, faultyReferral, 1,
                    "Community nursing", "received", null);
            // Another person's referral behind it on the same partition (same record key).
            spa.publish(partitionKey, UUID.randomUUID().toString(), EventTypes.REFERRAL_RECEIVED, next,
                    UUID.randomUUID().toString(), 1, "Reablement", "received", null);

            awaitPlanVersion(next, 1);
            assertEquals(0, Plans.stored(dataSource, faulty).getInt("total"), "the faulty event changed nothing");
            JsonPath parked = given().auth().oauth2(OPERATOR).get("/admin/events/parked").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(List.of(faultyEvent), parked.getList("inbound.eventId"));
            assertTrue(parked.getString("inbound[0].reason").contains("simulated fault writing this plan"),
                    parked.getString("inbound[0].reason"));
            assertEquals(5, parked.getInt("inbound[0].attempts"), "parked after its retries, not at once");
            given().get("/q/health/group/events").then().statusCode(503)
                    .body("checks.find { it.name == 'parked-events' }.status", equalTo("DOWN"));
            given().auth().oauth2(OPERATOR).get("/admin/health/group/events").then().statusCode(503)
                    .body("checks.find { it.name == 'parked-events' }.data.inboundParked", equalTo(1));
            // What the on-call engineer's dashboard and alert read.
            ServiceMetrics.await(1, Duration.ofSeconds(10), PARKED, "direction", "inbound");
            assertEquals(parkedOnArrival + 1, ServiceMetrics.value("onetem_events_consumed_total", "type",
                    EventTypes.REFERRAL_RECEIVED, "outcome", "parked"));
            ConsumerRecord<String, String> dead = TestEvents.read(bootstrapServers,
                    Topics.deadLetter(Topics.REFERRALS), Duration.ofSeconds(10), seen -> seen.stream()
                            .anyMatch(r -> faultyEvent.equals(TestEvents.header(r, CloudEventHeaders.ID))))
                    .stream().filter(r -> faultyEvent.equals(TestEvents.header(r, CloudEventHeaders.ID)))
                    .findFirst().orElseThrow();
            assertTrue(TestEvents.header(dead, "dead-letter-reason").contains("simulated fault"));
        } finally {
            sql("drop trigger if exists refuse_person on care_plan; drop function if exists refuse_person()");
        }

        // The fix is in: the operator replays it.
        long id = given().auth().oauth2(OPERATOR).get("/admin/events/parked").then().extract().jsonPath()
                .getLong("inbound[0].id");
        given().auth().oauth2(NURSE).post("/admin/events/parked/inbound/" + id + "/replay").then().statusCode(403);
        given().auth().oauth2(OPERATOR).post("/admin/events/parked/inbound/" + id + "/replay").then()
                .statusCode(200).body("resolution", equalTo("replayed"));
        JsonPath plan = awaitPlanVersion(faulty, 1);
        assertEquals(List.of("Community nursing referral: received"), plan.getList("activity.reference.display"));
        given().auth().oauth2(OPERATOR).post("/admin/events/parked/inbound/" + id + "/replay").then()
                .statusCode(409).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("resolved already (replayed)"));
        assertEquals("1", plans(faulty).getString("entry[0].resource.meta.versionId"), "applied once");
        given().auth().oauth2(OPERATOR).get("/admin/events/parked").then().body("inbound.size()", equalTo(0));
        given().auth().oauth2(OPERATOR).get("/admin/events/parked?all=true").then()
                .body("inbound.find { it.id == " + id + " }.resolvedBy", equalTo("oncall.engineer"));
        given().get("/q/health/group/events").then().statusCode(200);
        ServiceMetrics.await(0, Duration.ofSeconds(10), PARKED, "direction", "inbound");
    }

    @Test
    void aReferralWithoutStatusOrWithAnEmptyStateStillShowsOnThePlan() {
        // Each once stalled its partition for ever: the description read a value that was not there.
        String nhs = TestNhsNumbers.next();
        String referralId = UUID.randomUUID().toString();
        TestEvents.publish(bootstrapServers, Topics.REFERRALS, personKeys.keyFor(new NhsNumber(nhs)), Map.of(
                CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, UUID.randomUUID().toString(),
                CloudEventHeaders.SOURCE, SpaEvents.SOURCE, CloudEventHeaders.TYPE, EventTypes.REFERRAL_RECEIVED),
                """
                {"resourceType":"ServiceRequest","id":"%s","meta":{"versionId":"1"},
                 "extension":[{"url":"https://onetem.city/fhir/StructureDefinition/referral-state"}],
                 "intent":"order","category":[{"text":"Community nursing"}],
                 "subject":{"identifier":{"system":"%s","value":"%s"}}}""".formatted(referralId, NhsNumber.SYSTEM, nhs));
        // Routed to no team, so held by none: what the event did is read as stored.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Plans.stored(dataSource, nhs).getInt("total") == 1);
        assertEquals(List.of("Community nursing referral: status not given"),
                Plans.stored(dataSource, nhs).getList("entry[0].resource.activity.reference.display"));
    }

    private void dismissWhatEarlierTestsParked() {
        List<Integer> ids = given().auth().oauth2(OPERATOR).get("/admin/events/parked").then().statusCode(200)
                .extract().jsonPath().getList("inbound.id");
        for (Integer id : ids) {
            given().auth().oauth2(OPERATOR).post("/admin/events/parked/inbound/" + id + "/dismiss?reason=an earlier "
                    + "test parked it on purpose").then().statusCode(200);
        }
    }

    private JsonPath awaitPlanVersion(String nhs, int version) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath visible = Plans.searchIfAllowed(NURSE, nhs);
            List<String> versions = visible == null ? null : visible.getList("entry.resource.meta.versionId");
            return versions != null && versions.size() == 1 && Integer.parseInt(versions.get(0)) >= version;
        });
        return plans(nhs).setRootPath("entry[0].resource");
    }

    private JsonPath plans(String nhs) {
        return given().auth().oauth2(NURSE).get("/fhir/CarePlan?patient.identifier=" + NhsNumber.SYSTEM + "|" + nhs)
                .then().statusCode(200).extract().jsonPath();
    }

    private void sql(String statements) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(statements);
        }
    }
}
