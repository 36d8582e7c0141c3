package city.onetem.discharge.hl7;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the hospital feed: whether the MLLP listener is up, on which port, and how many senders are connected. */
@Readiness
@ApplicationScoped
public class MllpHealth implements HealthCheck {

    @Inject
    MllpListener listener;

    @Override
    public HealthCheckResponse call() {
        if (!listener.listening()) {
            return HealthCheckResponse.named("mllp-listener").down().build();
        }
        return HealthCheckResponse.named("mllp-listener").up().withData("port", listener.port())
                .withData("connections", listener.connections()).build();
    }
}
