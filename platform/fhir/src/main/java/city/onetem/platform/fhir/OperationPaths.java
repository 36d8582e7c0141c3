package city.onetem.platform.fhir;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Some HTTP clients percent-encode the '$' of a FHIR operation ($triage -> %24triage), and the
 * REST layer matches paths before decoding them, so those calls would miss the operation and
 * get a 404. This decodes %24 ahead of routing; nothing else in the path is touched.
 */
@ApplicationScoped
public class OperationPaths {

    void decodeOperationMarker(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String path = context.request().path();
            if (path.contains("%24")) {
                String query = context.request().query();
                context.reroute(path.replace("%24", "$") + (query == null ? "" : "?" + query));
            } else {
                context.next();
            }
        });
    }
}
