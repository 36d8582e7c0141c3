package city.onetem.platform.fhir;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * FHIR's _format parameter, which a client sends to override Accept (HAPI's generic client does
 * once its encoding is set). Every service here speaks FHIR JSON: _format naming JSON is
 * honoured (that is the answer anyway), _format naming anything else is a 406 saying so, rather
 * than a JSON answer the client did not ask for. Searches accept _format and _pretty as well.
 */
@ApplicationScoped
public class FormatParameter {

    /** The JSON spellings FHIR allows in _format; a '+' may arrive as a space when unencoded. */
    private static final Set<String> JSON = Set.of("json", "application/json", "application/fhir+json",
            "application/json+fhir", "text/json");

    void checkFormat(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).handler(context -> {
            String format = context.queryParams().get("_format");
            if (format == null || isJson(format)) {
                context.next();
                return;
            }
            context.response().setStatusCode(406).putHeader(HttpHeaders.CONTENT_TYPE, FhirMediaType.FHIR_JSON)
                    .end(Fhir.toJson(OperationOutcomes.error(IssueType.NOTSUPPORTED, "_format=" + format
                            + " is not served here: this server speaks FHIR JSON only (_format=json, or leave it out)",
                            "_format")));
        });
    }

    static boolean isJson(String format) {
        String type = format.toLowerCase(Locale.ROOT).replace(' ', '+');
        int parameters = type.indexOf(';');
        return JSON.contains((parameters < 0 ? type : type.substring(0, parameters)).trim());
    }
}
