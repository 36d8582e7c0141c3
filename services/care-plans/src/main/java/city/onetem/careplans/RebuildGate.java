package city.onetem.careplans;

import city.onetem.platform.fhir.FhirException;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses every request while care-plans rebuilds its database from the log: what it would read
 * is not all there yet, and what it would write could race the versions being put back.
 */
public class RebuildGate {

    private static final int RETRY_AFTER_SECONDS = 30;

    @Inject
    RebuildFromLog rebuild;

    /** After the audit trail has begun the request's record: a refusal is recorded like any other. */
    @ServerRequestFilter(preMatching = true, priority = jakarta.ws.rs.Priorities.USER + 10)
    public void refuseWhileRebuilding(ContainerRequestContext request) {
        String progress = rebuild.progress();
        if (progress != null) {
            throw FhirException.unavailable("Care plans are being rebuilt from the event log (" + progress
                    + "); try again in " + RETRY_AFTER_SECONDS + " seconds", RETRY_AFTER_SECONDS);
        }
    }
}
