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
    ParkedEvents parked;

    @Override
    public HealthCheckResponse call() {
        try {
            long[] counts = parked.unresolved();
            return HealthCheckResponse.named("parked-events")
                    .status(counts[0] == 0 && counts[1] == 0)
                    .withData("inboundParked", counts[0])
                    .withData("outboundParked", counts[1])
                    .withData("review", "GET /admin/events/parked")
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("parked-events").down().withData("error", e.getMessage()).build();
        }
    }
}
