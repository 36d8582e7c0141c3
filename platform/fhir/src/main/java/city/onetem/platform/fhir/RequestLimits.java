package city.onetem.platform.fhir;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A body over {@code quarkus.http.limits.max-body-size} is refused before it is read. Vert.x
 * would answer 413 with an empty body, which tells a client's integrator nothing; this answers
 * the same 413 as an OperationOutcome saying what the limit is.
 */
@ApplicationScoped
public class RequestLimits {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void refuseOversizedBodies(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, limit)) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, FhirMediaType.FHIR_JSON)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(Fhir.toJson(OperationOutcomes.error(IssueType.TOOLONG, "The body is " + length
                                + " bytes; this server takes at most " + limit + " bytes in one request", null)));
            } else {
                context.next();
            }
        });
    }

    private static boolean isOver(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed length itself
        }
    }
}
