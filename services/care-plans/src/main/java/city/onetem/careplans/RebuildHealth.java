package city.onetem.careplans;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while care-plans rebuilds its database from the log, saying how far it has got. */
@Readiness
@ApplicationScoped
public class RebuildHealth implements HealthCheck {

    @Inject
    RebuildFromLog rebuild;

    @Override
    public HealthCheckResponse call() {
        String progress = rebuild.progress();
        return HealthCheckResponse.named("care-plans rebuild from the log").status(progress == null)
                .withData("rebuilding", progress == null ? "no" : progress).build();
    }
}
