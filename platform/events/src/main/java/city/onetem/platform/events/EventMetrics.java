package city.onetem.platform.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.ToDoubleFunction;

/**
 * What the event spine did and what waits in it, for Prometheus (/q/metrics):
 * <ul>
 * <li>{@code onetem_events_published_total{type}}: events the broker acknowledged;</li>
 * <li>{@code onetem_events_consumed_total{type,outcome}}: events taken from a topic, applied, passed
 * over as a redelivery ({@code duplicate}) or parked;</li>
 * <li>{@code onetem_outbox_backlog} and {@code onetem_outbox_oldest_unsent_seconds}: what
 * waits to be published, and for how long;</li>
 * <li>{@code onetem_events_parked{direction}}: parked events nobody has replayed or dismissed yet.</li>
 * </ul>
 * Consumer lag comes with the Kafka clients' own metrics
 * ({@code kafka_consumer_fetch_manager_records_lag_max}).
 */
@ApplicationScoped
public class EventMetrics {

    /** What became of an event taken from a topic. */
    public enum Outcome { APPLIED, DUPLICATE, PARKED }

    @Inject
    MeterRegistry registry;
    @Inject
    EventBacklog backlog;

    void register(@Observes StartupEvent started) {
        gauge("onetem.outbox.backlog", null, "Events committed but not yet acknowledged by the broker",
                EventBacklog.Snapshot::unsent);
        gauge("onetem.outbox.oldest.unsent", "seconds", "Age of the oldest event not yet published",
                EventBacklog.Snapshot::oldestUnsentSeconds);
        gauge("onetem.events.parked", null, "Events taken from a topic that could not be applied, waiting for"
                + " an operator", EventBacklog.Snapshot::parkedInbound, "direction", "inbound");
        gauge("onetem.events.parked", null, "Events the broker refused for good, waiting for an operator",
                EventBacklog.Snapshot::parkedOutbound, "direction", "outbound");
    }

    /** No figure (NaN) while the database cannot be read: a zero would say all is well. A count has no unit. */
    private void gauge(String name, String unit, String description, ToDoubleFunction<EventBacklog.Snapshot> value,
            String... tags) {
        Gauge.builder(name, backlog, b -> {
            EventBacklog.Snapshot now = b.kept();
            return now.read() ? value.applyAsDouble(now) : Double.NaN;
        }).baseUnit(unit).description(description).tags(tags).register(registry);
    }

    void published(String type) {
        registry.counter("onetem.events.published", "type", type).increment();
    }

    void consumed(String type, Outcome outcome) {
        registry.counter("onetem.events.consumed", "type", type == null ? "none" : type, "outcome",
                outcome.name().toLowerCase()).increment();
    }
}
