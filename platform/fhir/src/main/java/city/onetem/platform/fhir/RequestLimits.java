package city.onetem.platform.fhir;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * What a request may carry, checked before anything reads it. A body over
 * {@code quarkus.http.limits.max-body-size} is a 413 (Vert.x alone answers 413 with an empty
 * body, which tells a client's integrator nothing). A query parameter with a control character
 * is a 400: no search value has one, and PostgreSQL refuses \u0000 with an error that would
 * otherwise surface as a 500.
 */
@ApplicationScoped
public class RequestLimits {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void checkBeforeReading(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, limit)) {
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
                refuse(context, 413, IssueType.TOOLONG, "The body is " + length
                        + " bytes; this server takes at most " + limit + " bytes in one request", null);
                return;
            }
            // A malformed query (a stray %, an unencoded |) never gets here: Vert.x refuses it first.
            for (Map.Entry<String, String> parameter : context.queryParams()) {
                if (hasControlCharacter(parameter.getValue())) {
                    refuse(context, 400, IssueType.INVALID, "The value of " + parameter.getKey()
                            + " contains a control character: send the text without it", parameter.getKey());
                    return;
                }
            }
            context.next();
        });
    }

    private static void refuse(RoutingContext context, int status, IssueType type, String diagnostics,
            String expression) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, FhirMediaType.FHIR_JSON)
                .end(Fhir.toJson(OperationOutcomes.error(type, diagnostics, expression)));
    }

    private static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static boolean isOver(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed length itself
        }
    }
}
