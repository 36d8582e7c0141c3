package city.onetem.platform.events;

import city.onetem.platform.fhir.DatabaseUnavailable;
import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Resource;
import org.jboss.logging.Logger;

/**
 * Applies each event at most once. The event's (ce_source, ce_id) is recorded in the same
 * transaction as its effects, so a redelivery after a crash finds it and changes nothing.
 *
 * <p>A failure is retried in place, with backoff, which holds back the rest of that partition
 * and so keeps one person's events in order. While the database is out of reach it retries until
 * it is back: the event is fine, the world is not. Any other failure that repeats
 * {@code onetem.events.consumer.max-attempts} times (a bug meeting an unexpected event, say) is
 * parked ({@link ParkedEvents}: on the DLQ and for an operator to replay), and the partition
 * moves on, so one bad event never stops everyone else's. A poison event (one that can never be
 * applied) is parked at once. When the service stops mid-event, the event is neither applied nor
 * acknowledged: it is delivered again after the restart (channels use failure-strategy=fail).
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ParkedEvents parked;
    @Inject
    ConsumerProgress progress;
    @Inject
    EventMetrics metrics;
    @Inject
    Tracer tracer;
    @Inject
    Instance<EntityManager> entityManager;
    @ConfigProperty(name = "onetem.events.consumer.max-attempts", defaultValue = "5")
    int maxAttempts;

    private volatile boolean stopping;

    /** First of all shutdown observers: one that throws would keep the rest from being told. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stopping = true;
        LeftForRedelivery.serviceStopping();
    }

    /**
     * Applies this record with the handler in one transaction, unless the event was applied
     * before; parks it if it cannot be applied. Returns once the record is done with.
     *
     * @throws LeftForRedelivery only when the service is stopping: the record stays unacknowledged
     */
    public void consume(ConsumerRecord<String, ?> record, EventHandler handler) {
        if (passedOver(record, handler)) {
            return;
        }
        // The change that made the event goes on here: its trace continues (TraceContext).
        Span span = consumerSpan(record.topic()).setParent(TraceContext.of(record))
                .setAttribute("messaging.kafka.message.offset", record.offset())
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()))
                .startSpan();
        progress.started(record);
        try (Scope scope = span.makeCurrent()) {
            apply(record, handler);
        } finally {
            progress.finished(record);
            span.end();
        }
    }

    private SpanBuilder consumerSpan(String topic) {
        return tracer.spanBuilder(topic + " process").setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.operation.type", "process");
    }

    /**
     * Applies the records one poll delivered, in order, in one transaction: for a handler whose
     * every event is one versioned statement ({@link EventHandler.Guard#ONE_STATEMENT}), many
     * events then cost one commit. If any fails, nothing of the batch is kept and each record is
     * consumed on its own ({@link #consume}: retried, or parked), with the single record's
     * guarantees. Returns once every record is done with.
     *
     * @throws LeftForRedelivery only when the service is stopping: the records stay unacknowledged
     */
    public void consumeAll(Iterable<? extends ConsumerRecord<String, ?>> records, EventHandler handler) {
        if (handler.guard() != EventHandler.Guard.ONE_STATEMENT) {
            throw new IllegalArgumentException("Only a handler whose events are one statement each applies them in"
                    + " batches: " + handler.getClass().getName());
        }
        List<ConsumerRecord<String, ?>> applying = new ArrayList<>();
        records.forEach(record -> {
            if (!passedOver(record, handler)) {
                applying.add(record);
            }
        });
        if (applying.isEmpty()) {
            return;
        }
        applying.forEach(progress::started);
        // One transaction for events of many changes: linked to each change's trace.
        SpanBuilder batch = consumerSpan(applying.get(0).topic()).setAttribute("messaging.batch.message_count",
                (long) applying.size());
        applying.forEach(record -> batch.addLink(Span.fromContext(TraceContext.of(record)).getSpanContext()));
        Span span = batch.startSpan();
        try (Scope scope = span.makeCurrent()) {
            QuarkusTransaction.requiringNew().run(() -> handler.applyAll(applying.stream()
                    .map(record -> InboundEvent.from(record)).toList()));
            applying.forEach(record -> metrics.consumed(type(record), EventMetrics.Outcome.APPLIED));
            return;
        } catch (RuntimeException e) {
            if (stopping) {
                throw new LeftForRedelivery(applying.size() + " records left for redelivery", e);
            }
            LOG.infof("A batch of %d records was not applied whole (%s): applying each on its own", applying.size(),
                    e.toString());
        } finally {
            applying.forEach(progress::finished);
            span.end();
        }
        applying.forEach(record -> consume(record, handler));
    }

    /**
     * An event of a type the handler does not apply. One without a type is not passed over: it
     * goes on to be parked as poison.
     */
    private static boolean passedOver(ConsumerRecord<String, ?> record, EventHandler handler) {
        String type = type(record);
        return type != null && !handler.applies(type);
    }

    private static String type(ConsumerRecord<String, ?> record) {
        return InboundEvent.header(record, CloudEventHeaders.TYPE);
    }

    private void apply(ConsumerRecord<String, ?> record, EventHandler handler) {
        Backoff backoff = new Backoff();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                boolean applied = applyOnce(InboundEvent.from(record), handler);
                metrics.consumed(type(record), applied ? EventMetrics.Outcome.APPLIED : EventMetrics.Outcome.DUPLICATE);
                return;
            } catch (PoisonEventException e) {
                LOG.errorf("Record %s is poison, parking it: %s", position(record), e.getMessage());
                park(record, e, attempts);
                return;
            } catch (Exception e) {
                if (stopping) {
                    throw new LeftForRedelivery("Record " + position(record) + " left for redelivery", e);
                }
                progress.failed(record, e);
                boolean outage = DatabaseUnavailable.causes(e);
                if (!outage && attempts >= maxAttempts) {
                    LOG.errorf(e, "Record %s failed %d times, parking it so that the partition moves on",
                            position(record), attempts);
                    park(record, e, attempts);
                    return;
                }
                long millis = backoff.next();
                LOG.warnf("Record %s not applied yet (attempt %d%s), retrying in %d ms: %s", position(record),
                        attempts, outage ? ", database out of reach" : " of " + maxAttempts, millis, e);
                sleep(millis);
            }
        }
    }

    /**
     * Applies the event in a transaction of its own unless it was applied before; true if applied
     * now. A handler guarded by {@link EventHandler.Guard#ONE_STATEMENT} runs with no transaction around it.
     */
    boolean applyOnce(InboundEvent event, EventHandler handler) {
        if (handler.guard() == EventHandler.Guard.ONE_STATEMENT) {
            return applyInTransaction(event, handler);
        }
        return QuarkusTransaction.requiringNew().call(() -> applyInTransaction(event, handler));
    }

    /**
     * In the caller's transaction, if any: records the event as processed and applies it, unless
     * it was before. A handler guarded by the resource's version is simply applied: applied again,
     * it changes nothing.
     */
    boolean applyInTransaction(InboundEvent event, EventHandler handler) {
        if (handler.guard() == EventHandler.Guard.EVENT_ID && !firstDelivery(event)) {
            return false;
        }
        handler.apply(event);
        if (handler.guard() != EventHandler.Guard.ONE_STATEMENT && entityManager.isResolvable()) {
            // Written now, not at commit: a shutdown that closes Hibernate before the commit would
            // otherwise commit the guard without the changes, and the event would never come again.
            entityManager.get().flush();
        }
        return true;
    }

    /** Parking needs the broker and the database: while either is away, keep trying. */
    private void park(ConsumerRecord<String, ?> record, Exception reason, int attempts) {
        Backoff backoff = new Backoff();
        while (true) {
            try {
                parked.park(record, reason, attempts);
                metrics.consumed(type(record), EventMetrics.Outcome.PARKED);
                return;
            } catch (Exception e) {
                if (stopping) {
                    throw new LeftForRedelivery("Record " + position(record) + " left for redelivery", e);
                }
                long millis = backoff.next();
                LOG.warnf("Could not park record %s yet, retrying in %d ms: %s", position(record), millis, e);
                sleep(millis);
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
        return advance(appliedVersionRef(event, resource.fhirType(), id), version);
    }

    /**
     * Moves a resource's version forward (parameters: {@link #appliedVersionRef}, the version);
     * changes no row for a version held already or an older one. A handler guarded by
     * {@link EventHandler.Guard#ONE_STATEMENT} uses it in its own statement.
     */
    public static final String ADVANCE_VERSION = """
            insert into applied_version (resource_ref, version) values (?, ?)
            on conflict (resource_ref) do update set version = excluded.version
            where applied_version.version < excluded.version""";

    /**
     * How applied_version names another service's resource: its source, type and id. A handler
     * guarded by {@link EventHandler.Guard#ONE_STATEMENT} keeps that table, by these names, in its statement.
     */
    public static String appliedVersionRef(InboundEvent event, String type, String id) {
        return appliedVersionRef(event.source(), type, id);
    }

    /** As {@link #appliedVersionRef(InboundEvent, String, String)}, from the event's source. */
    static String appliedVersionRef(String source, String type, String id) {
        return source + "|" + type + "/" + id;
    }

    /**
     * Records that this service now holds {@code version} of another service's resource. False
     * when it already holds that version or a newer one: the event is late or a replay, and
     * applying it would roll the state back.
     */
    private boolean advance(String resourceRef, long version) {
        return update(ADVANCE_VERSION, resourceRef, version) == 1;
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

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
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
