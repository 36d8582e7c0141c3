package city.onetem.platform.events;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Whether events are moving: GET /q/health/group/events is DOWN while any record has been in
 * hand longer than {@code onetem.events.stuck-after} (blocked on a lock, or retried because
 * applying it keeps failing), naming the record, for how long, how many attempts and the last
 * error. A stuck record holds its partition, so a third of people's events wait behind it.
 * Its own group, not readiness: the API still serves while a consumer is stuck, and taking the
 * service out of rotation would not free the record.
 */
@HealthGroup("events")
@Default // as well as the health group's qualifier: IdempotentConsumer injects it plainly
@ApplicationScoped
public class ConsumerProgress implements HealthCheck {

    private record InHand(long offset, Instant since, int attempts, String lastError) {
    }

    @ConfigProperty(name = "onetem.events.stuck-after", defaultValue = "PT1M")
    Duration stuckAfter;

    private final Map<String, InHand> inHand = new ConcurrentHashMap<>();

    void started(ConsumerRecord<?, ?> record) {
        inHand.put(partition(record), new InHand(record.offset(), Instant.now(), 1, null));
    }

    void failed(ConsumerRecord<?, ?> record, Exception error) {
        inHand.computeIfPresent(partition(record),
                (key, now) -> new InHand(now.offset(), now.since(), now.attempts() + 1, error.toString()));
    }

    void finished(ConsumerRecord<?, ?> record) {
        inHand.remove(partition(record));
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("event-progress").up();
        Instant now = Instant.now();
        Map<String, String> stuck = new TreeMap<>();
        inHand.forEach((partition, record) -> {
            Duration held = Duration.between(record.since(), now);
            if (held.compareTo(stuckAfter) > 0) {
                stuck.put(partition + "@" + record.offset(), "in hand for " + held.toSeconds() + " s, "
                        + record.attempts() + " attempt(s)"
                        + (record.lastError() == null ? "" : ", last error: " + record.lastError()));
            }
        });
        stuck.forEach(response::withData);
        return response.status(stuck.isEmpty()).build();
    }

    private static String partition(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition();
    }
}
