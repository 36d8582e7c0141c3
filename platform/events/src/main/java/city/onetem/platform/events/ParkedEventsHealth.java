package city.onetem.platform.events;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * GET /q/health/group/events is DOWN while any event is parked and nobody has replayed or
 * dismissed it: each is a change that some person's record is missing.
 */
@HealthGroup("events")
@ApplicationScoped
public class ParkedEventsHealth implements HealthCheck {

    @Inject
    EventBacklog backlog;

    @Override
    public HealthCheckResponse call() {
        EventBacklog.Snapshot now = backlog.read();
        if (!now.read()) {
            return HealthCheckResponse.named("parked-events").down().withData("error", now.error()).build();
        }
        return HealthCheckResponse.named("parked-events")
                .status(now.parkedInbound() == 0 && now.parkedOutbound() == 0)
                .withData("inboundParked", now.parkedInbound())
                .withData("outboundParked", now.parkedOutbound())
                .withData("review", "GET /admin/events/parked")
                .build();
    }
}
