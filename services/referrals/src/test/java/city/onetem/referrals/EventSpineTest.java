package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventRetention;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The SPA's side of the event spine: what goes into the outbox, what it says, and what is pruned. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class EventSpineTest {

    static final String TOKEN = DevKeys.forThisJvm().token("dr.patel", "J82001", Roles.REFERRER);

    @Inject
    Outbox outbox;
    @Inject
    EventRetention retention;
    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void anEventTooLargeToShareIsRefusedWithA413AndNothingIsStored() throws Exception {
        String subject = "ServiceRequest/" + UUID.randomUUID();
        String payload = "{\"resourceType\":\"ServiceRequest\",\"note\":[{\"text\":\"" + "x".repeat(4_200_000) + "\"}]}";
        FhirException refused = assertThrows(FhirException.class, () -> QuarkusTransaction.requiringNew().run(() ->
                outbox.publish(new OutboundEvent(Topics.REFERRALS, EventTypes.REFERRAL_RECEIVED,
                        new NhsNumber(TestNhsNumbers.next()), subject, Instant.now(), payload))));
        assertEquals(413, refused.status());
        assertTrue(refused.getMessage().contains("4 MiB"), refused.getMessage());
        assertEquals(0, count("select count(*) from outbox_event where subject = '" + subject + "'"));
    }

    @Test
    void ceTimeIsWhenTheChangeWasMadeTheVersionsLastUpdated() {
        JsonPath created = given().auth().oauth2(TOKEN).contentType("application/fhir+json")
                .body(ReferralBuilder.gpReferral(TestNhsNumbers.next()).json()).post("/fhir/ServiceRequest")
                .then().statusCode(201).extract().jsonPath();
        String subject = "ServiceRequest/" + created.getString("id");
        ConsumerRecord<String, String> event = TestEvents.read(bootstrapServers, Topics.REFERRALS,
                Duration.ofSeconds(10), seen -> seen.stream().anyMatch(r -> subject.equals(
                        TestEvents.header(r, CloudEventHeaders.SUBJECT)))).stream()
                .filter(r -> subject.equals(TestEvents.header(r, CloudEventHeaders.SUBJECT))).findFirst().orElseThrow();
        assertEquals(Instant.parse(created.getString("meta.lastUpdated")).truncatedTo(ChronoUnit.MILLIS),
                Instant.parse(TestEvents.header(event, CloudEventHeaders.TIME)).truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void pruningDropsOnlyWhatIsNoLongerNeeded() throws Exception {
        Instant now = Instant.now();
        String run = UUID.randomUUID().toString();
        outboxRow(run + "/published-long-ago", now.minus(Duration.ofHours(30)), null);
        outboxRow(run + "/published-lately", now.minus(Duration.ofHours(2)), null);
        outboxRow(run + "/parked", null, now.minus(Duration.ofDays(30)));
        processed(run + "/beyond-retention", now.minus(Duration.ofDays(9)));
        processed(run + "/within-retention", now.minus(Duration.ofDays(7).minusHours(1)));
        // Topics keep events 7 days; processed ids are kept a day longer.
        processed(run + "/just-past-topic-retention", now.minus(Duration.ofDays(7).plusHours(12)));

        retention.prune(now);

        assertEquals(List.of(run + "/parked", run + "/published-lately"),
                strings("select subject from outbox_event where subject like '" + run + "%' order by subject"));
        assertEquals(List.of(run + "/just-past-topic-retention", run + "/within-retention"),
                strings("select event_id from processed_event where event_id like '" + run + "%' order by event_id"));
    }

    private void outboxRow(String subject, Instant publishedAt, Instant parkedAt) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                insert into outbox_event (event_id, topic, event_key, event_type, event_source, subject, occurred_at,
                                          payload, published_at, parked_at, park_reason)
                values (?, 'referrals.v1', 'k', 'referral.received.v1', '/onetem/referrals', ?, now(), '{}', ?, ?,
                        'test')""")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, subject);
            insert.setTimestamp(3, publishedAt == null ? null : Timestamp.from(publishedAt));
            insert.setTimestamp(4, parkedAt == null ? null : Timestamp.from(parkedAt));
            insert.executeUpdate();
        }
    }

    private void processed(String eventId, Instant processedAt) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "insert into processed_event (event_source, event_id, event_type, processed_at) values (?, ?, ?, ?)")) {
            insert.setString(1, "/onetem/care-plans");
            insert.setString(2, eventId);
            insert.setString(3, "careplan.created.v1");
            insert.setTimestamp(4, Timestamp.from(processedAt));
            insert.executeUpdate();
        }
    }

    private long count(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet row = connection.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private List<String> strings(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            List<String> found = new java.util.ArrayList<>();
            while (rows.next()) {
                found.add(rows.getString(1));
            }
            return found;
        }
    }
}
