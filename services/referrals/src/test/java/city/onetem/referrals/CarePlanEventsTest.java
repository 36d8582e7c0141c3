package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.IdempotentConsumer;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.relationships.PlanHolders;
import city.onetem.platform.relationships.PlanRelationships;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The SPA shows a person's existing One Team care plan on their referral, learned from relationships.v1. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class CarePlanEventsTest {

    static final String GP = DevKeys.forThisJvm().token("dr.patel", "J82001", Roles.REFERRER);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    PersonKeys personKeys;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    IdempotentConsumer consumer;
    @Inject
    PlanHolders planHolders;

    @Test
    void aReferralForAPersonWithACarePlanShowsThePlan() {
        String nhsNumber = TestNhsNumbers.next();
        String planId = UUID.randomUUID().toString();
        publishPlan(nhsNumber, planId, 2, "active");
        String referral = given().auth().oauth2(GP).contentType("application/fhir+json")
                .body(ReferralBuilder.gpReferral(nhsNumber).json()).post("/fhir/ServiceRequest").then().statusCode(201)
                .extract().path("id");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<String> plans = given().auth().oauth2(GP).get("/fhir/ServiceRequest/" + referral).then()
                    .statusCode(200).extract().path("supportingInfo.findAll { it.type == 'CarePlan' }.identifier.value");
            return plans.equals(List.of(planId));
        });
    }

    @Test
    void aPersonWithoutAPlanHasNoneShown() {
        String referral = given().auth().oauth2(GP).contentType("application/fhir+json")
                .body(ReferralBuilder.gpReferral(TestNhsNumbers.next()).json()).post("/fhir/ServiceRequest").then()
                .statusCode(201).extract().path("id");
        given().auth().oauth2(GP).get("/fhir/ServiceRequest/" + referral).then().statusCode(200)
                .body("supportingInfo", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aPlanIsRememberedWithoutAProcessedEventRecord() throws Exception {
        String nhsNumber = TestNhsNumbers.next();
        String planId = UUID.randomUUID().toString();
        String planEvent = publishPlan(nhsNumber, planId, 1, "active");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> shownPlan(nhsNumber).equals(planId));
        assertFalse(recorded("processed_event", planEvent),
                "a plan's relationships are one versioned upsert, which needs no processed_event row");
    }

    @Test
    void aLateOrRepeatedVersionOfThePlanChangesNothing() throws Exception {
        String nhsNumber = TestNhsNumbers.next();
        String planId = UUID.randomUUID().toString();
        publishPlan(nhsNumber, planId, 3, "active");
        publishPlan(nhsNumber, planId, 2, "revoked"); // late: older than the one applied
        publishPlan(nhsNumber, planId, 3, "revoked"); // the same version again
        // A poison event behind them in the person's partition is parked once they have been read.
        String last = publish(nhsNumber, EventTypes.CAREPLAN_RELATIONSHIPS, "CarePlan/" + planId,
                "{\"resourceType\":\"CarePlan\"}");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> recorded("parked_event", last));
        assertEquals(planId, shownPlan(nhsNumber), "still the active plan of version 3");
    }

    @Test
    void aNewPlanForThePersonReplacesTheOneBefore() {
        String nhsNumber = TestNhsNumbers.next();
        String first = UUID.randomUUID().toString();
        publishPlan(nhsNumber, first, 4, "active");
        String second = UUID.randomUUID().toString();
        publishPlan(nhsNumber, second, 1, "active");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> shownPlan(nhsNumber).equals(second));
    }

    /**
     * One poll's events are applied in one transaction; a poison event among them sends the batch
     * back to be applied record by record, so the good ones are kept and the poison one is parked.
     */
    @Test
    void aPoisonEventInABatchIsParkedAloneAndTheRestAreApplied() throws Exception {
        String first = TestNhsNumbers.next();
        String second = TestNhsNumbers.next();
        String firstPlan = UUID.randomUUID().toString();
        String secondPlan = UUID.randomUUID().toString();
        String poison = UUID.randomUUID().toString();
        consumer.consumeAll(List.of(
                record(first, UUID.randomUUID().toString(), firstPlan,
                        new PlanRelationships(firstPlan, 1, "active", first, null, List.of()).toJson()),
                record(first, poison, firstPlan, "{\"resourceType\":\"CarePlan\"}"),
                record(second, UUID.randomUUID().toString(), secondPlan,
                        new PlanRelationships(secondPlan, 1, "active", second, null, List.of()).toJson())),
                planHolders);
        assertEquals(firstPlan, shownPlan(first));
        assertEquals(secondPlan, shownPlan(second));
        assertTrue(recorded("parked_event", poison), "the poison event is parked");
    }

    private ConsumerRecord<String, String> record(String nhsNumber, String eventId, String planId, String payload) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.RELATIONSHIPS, 0, 0,
                personKeys.keyFor(new NhsNumber(nhsNumber)), payload);
        Map.of(CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, eventId,
                CloudEventHeaders.SOURCE, "/onetem/care-plans", CloudEventHeaders.TYPE, EventTypes.CAREPLAN_RELATIONSHIPS,
                CloudEventHeaders.SUBJECT, "CarePlan/" + planId, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.FHIR_JSON)
                .forEach((name, value) -> record.headers().add(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return record;
    }

    /** The id of the plan a new referral for the person shows, or "" for none. */
    private String shownPlan(String nhsNumber) {
        String referral = given().auth().oauth2(GP).contentType("application/fhir+json")
                .body(ReferralBuilder.gpReferral(nhsNumber).json()).post("/fhir/ServiceRequest").then().statusCode(201)
                .extract().path("id");
        List<String> plans = given().auth().oauth2(GP).get("/fhir/ServiceRequest/" + referral).then()
                .statusCode(200).extract().path("supportingInfo.findAll { it.type == 'CarePlan' }.identifier.value");
        return plans == null || plans.isEmpty() ? "" : plans.get(0);
    }

    private boolean recorded(String table, String eventId) throws SQLException {
        try (var connection = dataSource.getConnection(); var query = connection.prepareStatement(
                "select 1 from " + table + " where event_id = ?")) {
            query.setString(1, eventId);
            try (var row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Publishes a version of the person's plan; returns the event's ce_id. */
    private String publishPlan(String nhsNumber, String planId, int version, String status) {
        return TestEvents.publishRelationships(bootstrapServers, personKeys.keyFor(new NhsNumber(nhsNumber)), planId,
                new PlanRelationships(planId, version, status, nhsNumber, null, List.of()).toJson());
    }

    /** Publishes an event on relationships.v1 about this person; returns its ce_id. */
    private String publish(String nhsNumber, String type, String subject, String payload) {
        String id = UUID.randomUUID().toString();
        TestEvents.publish(bootstrapServers, Topics.RELATIONSHIPS, personKeys.keyFor(new NhsNumber(nhsNumber)), Map.of(
                CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, id,
                CloudEventHeaders.SOURCE, "/onetem/care-plans", CloudEventHeaders.TYPE, type,
                CloudEventHeaders.SUBJECT, subject, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.FHIR_JSON), payload);
        return id;
    }
}
