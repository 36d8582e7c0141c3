package city.onetem.platform.events;

import city.onetem.platform.fhir.FhirException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Records events in the caller's database transaction. Nothing is sent to Kafka here: the
 * {@link OutboxRelay} publishes after the commit (the insert's trigger wakes it through NOTIFY,
 * which PostgreSQL delivers on commit only), so a rolled-back change never emits an event and a
 * committed one is never lost when the broker is away.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    PersonKeys personKeys;
    @Inject
    PersonLocks personLocks;
    @Inject
    EventLimits limits;
    @ConfigProperty(name = "onetem.events.source")
    String source;

    /** Adds the event to the current transaction; it is published once that transaction commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(OutboundEvent event) {
        requirePublishable(event.subject(), event.payload());
        // Before the row gets its seq: one person's rows are numbered in commit order.
        personLocks.lock(event.person());
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into outbox_event (event_id, topic, event_key, event_type, event_source, subject,
                                                  occurred_at, payload, traceparent)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setString(2, event.topic());
            insert.setString(3, personKeys.keyFor(event.person()));
            insert.setString(4, event.type());
            insert.setString(5, source);
            insert.setString(6, event.subject());
            insert.setTimestamp(7, Timestamp.from(event.time()));
            insert.setString(8, event.payload());
            insert.setString(9, TraceContext.current());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write to the outbox", e);
        }
        return id;
    }

    /**
     * Replaces the payload of an event this transaction published, for a resource changed again
     * before the commit: one event for its final state rather than one per intermediate step.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replace(UUID id, String payload) {
        requirePublishable("event " + id, payload);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "update outbox_event set payload = ? where event_id = ? and published_at is null")) {
            update.setString(1, payload);
            update.setObject(2, id);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("Outbox event " + id + " is not pending in this transaction");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write to the outbox", e);
        }
    }

    /**
     * A change whose event could not be published is refused before it is stored: every stored
     * change reaches the other services. The limit sits well above the API's request limit, so
     * only a resource that grew past it by many changes meets it.
     */
    private void requirePublishable(String subject, String payload) {
        // UTF-8 is at most 3 bytes a char: only a payload near the limit is encoded to count it.
        if ((long) payload.length() * 3 > limits.maxPayloadBytes()
                && payload.getBytes(StandardCharsets.UTF_8).length > limits.maxPayloadBytes()) {
            throw new FhirException(413, IssueType.TOOLONG, subject + " would be larger than the "
                    + limits.maxPayloadBytes() / (1024 * 1024) + " MiB that can be shared with the other services;"
                    + " nothing was changed. Split it, or remove what need not be in it", null);
        }
    }
}
