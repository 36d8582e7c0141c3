package city.onetem.careplans;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready to serve live streams once the feed has read the recent changes; how many are open and held. */
@Readiness
@ApplicationScoped
public class CarePlanStreamHealth implements HealthCheck {

    @Inject
    CarePlanFeed feed;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("care-plan-stream")
                .status(feed.isReading())
                .withData("openStreams", feed.openStreams())
                .withData("changesHeld", feed.changesHeld())
                .build();
    }
}
