package city.onetem.platform.events;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hl7.fhir.r4.model.Resource;
import org.jboss.logging.Logger;

/**
 * Applies each event at most once. The event's (ce_source, ce_id) is recorded in the same
 * transaction as its effects, so a redelivery after a crash finds it and changes nothing.
 * A transient failure (database away) is retried in place, which holds back the rest of that
 * partition and so keeps one person's events in order; only a poison event is parked on the
 * DLQ. When the service stops mid-event, the event is neither applied nor acknowledged: it is
 * delivered again after the restart (channels use failure-strategy=fail, never SmallRye's DLQ).
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    DeadLetters deadLetters;
    @Inject
    ConsumerProgress progress;

    private volatile boolean stopping;

    /** First of all shutdown observers: one that throws would keep the rest from being told. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stopping = true;
    }

    /**
     * Runs the handler for this record in one transaction, unless the event was applied before;
     * parks it on the DLQ if it can never be applied. Returns once the record is done with.
     *
     * @throws IllegalStateException only when the service is stopping: the record stays unacknowledged
     */
    public void consume(ConsumerRecord<String, ?> record, Consumer<InboundEvent> handler) {
        progress.started(record);
        try {
            apply(record, handler);
        } finally {
            progress.finished(record);
        }
    }

    private void apply(ConsumerRecord<String, ?> record, Consumer<InboundEvent> handler) {
        long backoffMillis = 100;
        RuntimeException poison = null;
        while (true) {
            try {
                if (poison != null) {
                    deadLetters.park(record, poison);
                    return;
                }
                InboundEvent event = InboundEvent.from(record);
                QuarkusTransaction.requiringNew().run(() -> {
                    if (firstDelivery(event)) {
                        handler.accept(event);
                    }
                });
                return;
            } catch (PoisonEventException e) {
                // Only what the event itself is decides poison: any other exception (an
                // IllegalArgumentException from a closing persistence unit, say) may pass.
                LOG.errorf("Record %s-%d@%d is poison, parking it on the DLQ: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                poison = e;
            } catch (Exception e) {
                if (stopping) {
                    throw new IllegalStateException("Stopping: record " + record.topic() + "-" + record.partition()
                            + "@" + record.offset() + " left for redelivery", e);
                }
                progress.failed(record, e);
                LOG.warnf("Record %s-%d@%d not done yet, retrying in %d ms: %s", record.topic(), record.partition(),
                        record.offset(), backoffMillis, e);
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    /**
     * True when the event carries a newer version of its resource than any applied here; false
     * for a replay or a late, older version, which would roll state back. A resource without id
     * or numeric meta.versionId is poison.
     */
    public boolean isNewer(InboundEvent event, Resource resource) {
        String id = resource.getIdElement().getIdPart();
        long version;
        try {
            version = Long.parseLong(resource.getMeta().getVersionId());
        } catch (NumberFormatException e) {
            version = -1;
        }
        if (id == null || version < 1) {
            throw new PoisonEventException("Event " + event.id() + " carries a " + resource.fhirType()
                    + " without id or a numeric meta.versionId");
        }
        return advance(event.source() + "|" + resource.fhirType() + "/" + id, version);
    }

    /**
     * Records that this service now holds {@code version} of another service's resource. False
     * when it already holds that version or a newer one: the event is late or a replay, and
     * applying it would roll the state back.
     */
    private boolean advance(String resourceRef, long version) {
        return update("""
                insert into applied_version (resource_ref, version) values (?, ?)
                on conflict (resource_ref) do update set version = excluded.version
                where applied_version.version < excluded.version""", resourceRef, version) == 1;
    }

    private boolean firstDelivery(InboundEvent event) {
        return update("""
                insert into processed_event (event_source, event_id, event_type) values (?, ?, ?)
                on conflict do nothing""", event.source(), event.id(), event.type()) == 1;
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record event processing: " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying an event", e);
        }
    }
}
