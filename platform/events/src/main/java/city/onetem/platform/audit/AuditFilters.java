package city.onetem.platform.audit;

import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.OperationOutcomes;
import city.onetem.platform.fhir.PatientSearch;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every request on the FHIR API or the admin endpoints leaves exactly one audit row: the change's
 * own transaction wrote it already ({@link AuditTrail}), or it is written here, before the answer
 * leaves, for reads, searches, streams, measures, refusals and changes that did not commit.
 */
public class AuditFilters {

    private static final Logger LOG = Logger.getLogger(AuditFilters.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    AuditTrail trail;
    @Inject
    AuditLog log;
    @Inject
    CurrentVertxRequest vertxRequest;

    @ServerRequestFilter(preMatching = true)
    public void begin(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath().replaceFirst("^/", "");
        if (audited(path)) {
            trail.begin(describe(request.getMethod(), path, request.getUriInfo(),
                    request.getHeaderString("X-Request-ID")));
        }
    }

    @ServerResponseFilter
    public Uni<Void> end(ContainerResponseContext response) {
        if (trail.request() == null || trail.recorded()) {
            return Uni.createFrom().voidItem();
        }
        AuditEntry entry = trail.entry(response.getStatus());
        if (!Context.isOnEventLoopThread()) {
            record(entry, response);
            return Uni.createFrom().voidItem();
        }
        // A stream answers on the event loop: the insert waits on a worker, and the answer on it.
        return Uni.createFrom().<Void>item(() -> {
            record(entry, response);
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * An answer that would give out data is not sent unless its access is recorded: when the trail
     * cannot be written (the database away), it becomes a 503 to retry. A refusal or an error
     * carries no one's data and goes out as it is, its record lost with the database, and logged.
     */
    private void record(AuditEntry entry, ContainerResponseContext response) {
        try {
            log.write(entry);
        } catch (RuntimeException unrecorded) {
            LOG.warnf("Could not record %s %s (%d) in the audit trail: %s", entry.request().method(),
                    entry.request().path(), response.getStatus(), unrecorded.getCause() == null ? unrecorded
                            : unrecorded.getCause().getMessage());
            if (response.getStatus() < 400) {
                response.setStatus(503);
                response.getHeaders().putSingle("Retry-After", RETRY_AFTER_SECONDS);
                response.setEntity(OperationOutcomes.error(IssueType.TRANSIENT, "This access could not be recorded"
                        + " in the audit trail, so nothing is shown: try again in " + RETRY_AFTER_SECONDS + " seconds",
                        null), null, MediaType.valueOf(FhirMediaType.FHIR_JSON));
            }
        }
    }

    /**
     * Every path but the capability statement and the open health checks: the FHIR API, the admin
     * endpoints, the measures and the SPA's tables, and HL7 v2 over HTTP, which changes stays.
     */
    static boolean audited(String path) {
        return !path.equals("fhir/metadata") && !path.equals("q") && !path.startsWith("q/");
    }

    /** Running the service rather than a person's care: measures, the SPA's cluster map, the admin endpoints. */
    static boolean operations(String interaction, String path) {
        return interaction.equals("$evaluate-measure") || path.startsWith("admin/") || path.contains("measures")
                || path.startsWith("spa/clusters") || path.startsWith("spa/practices");
    }

    private AuditEntry.Request describe(String method, String path, UriInfo uri, String requestId) {
        List<String> segments = List.of(path.split("/"));
        String interaction = interaction(method, segments);
        if (segments.size() >= 2 && Character.isUpperCase(segments.get(1).charAt(0))) {
            String id = segments.size() >= 3 && !segments.get(2).startsWith("$") && !segments.get(2).startsWith("_")
                    ? segments.get(2) : null;
            trail.name(segments.get(1), id);
        }
        String action = switch (interaction) {
            case "create", "transaction" -> "C";
            case "update" -> "U";
            case "delete" -> "D";
            case "read", "vread", "history", "search", "stream" -> "R";
            default -> "E";
        };
        NhsNumber person = personSearchedFor(uri);
        if (person != null) {
            trail.people().add(person.value());
        }
        SocketAddress from = vertxRequest.getCurrent() == null ? null
                : vertxRequest.getCurrent().request().remoteAddress();
        return new AuditEntry.Request(action, interaction, method, "/" + path,
                new ArrayList<>(new TreeSet<>(uri.getQueryParameters().keySet())),
                from == null ? null : from.hostAddress(), requestId, operations(interaction, path));
    }

    private static NhsNumber personSearchedFor(UriInfo uri) {
        try {
            return PatientSearch.nhsNumber(uri.getQueryParameters());
        } catch (RuntimeException invalid) {
            return null; // the search itself answers 400 for it
        }
    }

    /** The FHIR RESTful interaction (or the operation's name) from the method and the path. */
    static String interaction(String method, List<String> segments) {
        if (!segments.get(0).equals("fhir")) {
            // Not FHIR: named by its path, e.g. careplans/measures, spa/practices, hl7v2.
            return String.join("/", segments.subList(0, Math.min(2, segments.size())));
        }
        for (String segment : segments) {
            if (segment.startsWith("$")) {
                return segment;
            }
        }
        if (segments.contains("_stream")) {
            return "stream";
        }
        int history = segments.indexOf("_history");
        if (history >= 0) {
            return history == segments.size() - 1 ? "history" : "vread";
        }
        int parts = segments.size(); // "fhir", type, id
        return switch (method) {
            case "GET" -> parts >= 3 ? "read" : "search";
            case "POST" -> parts == 1 ? "transaction" : parts == 2 ? "create" : "operation";
            case "PUT", "PATCH" -> "update";
            case "DELETE" -> "delete";
            default -> method.toLowerCase();
        };
    }
}
