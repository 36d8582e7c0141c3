package city.onetem.platform.events;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records events in the caller's database transaction. Nothing is sent to Kafka here: the
 * {@link OutboxRelay} publishes after the commit, so a rolled-back change never emits an event
 * and a committed one is never lost when the broker is away.
 */
@ApplicationScoped
public class Outbox {

    private static final String WAKE_KEY = Outbox.class.getName() + ".wake";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    PersonKeys personKeys;
    @Inject
    OutboxRelay relay;
    @ConfigProperty(name = "onetem.events.source")
    String source;

    /** Adds the event to the current transaction; it is published once that transaction commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(OutboundEvent event) {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into outbox_event (event_id, topic, event_key, event_type, event_source, subject,
                                                  occurred_at, payload)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setString(2, event.topic());
            insert.setString(3, personKeys.keyFor(event.person()));
            insert.setString(4, event.type());
            insert.setString(5, source);
            insert.setString(6, event.subject());
            insert.setTimestamp(7, Timestamp.from(Instant.now()));
            insert.setString(8, event.payload());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write to the outbox", e);
        }
        wakeRelayAfterCommit();
        return id;
    }

    /**
     * Replaces the payload of an event this transaction published, for a resource changed again
     * before the commit: one event for its final state rather than one per intermediate step.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replace(UUID id, String payload) {
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

    private void wakeRelayAfterCommit() {
        if (transactions.getResource(WAKE_KEY) != null) {
            return;
        }
        transactions.putResource(WAKE_KEY, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }
}
