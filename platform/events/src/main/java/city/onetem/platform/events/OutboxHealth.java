package city.onetem.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the event path, with what an on-call engineer asks first: how many events wait
 * to be published and for how long. A backlog alone does not make the service unready: writes
 * are safe in the outbox while the broker is away. "relay" says whether this instance publishes
 * or stands by while another does; parked events show in the events group (ParkedEventsHealth).
 */
@Readiness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {

    @Inject
    OutboxRelay relay;
    @Inject
    EventBacklog backlog;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox-relay");
        EventBacklog.Snapshot now = backlog.read();
        if (!now.read()) {
            return response.down().withData("error", now.error()).build();
        }
        response.withData("unpublished", now.unsent()).withData("oldestUnpublishedSeconds", now.oldestUnsentSeconds());
        if (relay.lastError() != null) {
            response.withData("lastError", relay.lastError());
        }
        response.withData("relay", relay.role().name().toLowerCase());
        if (!relay.isEnabled()) {
            return response.up().withData("relay", "disabled by configuration").build();
        }
        return response.status(relay.isRunning()).build();
    }
}
