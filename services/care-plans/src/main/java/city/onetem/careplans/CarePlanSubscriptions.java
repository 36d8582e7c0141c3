package city.onetem.careplans;

import city.onetem.platform.events.ReferralContract;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.PatientSearch;
import city.onetem.platform.fhir.Roles;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * GET /fhir/CarePlan/_stream: each change to the plans a team follows, pushed as a Server-Sent
 * Event (event: careplan.created.v1 / careplan.updated.v1, data: the CarePlan) as soon as it is
 * published. Filter by ?cluster=east or ?patient.identifier=... A client that reconnects with
 * Last-Event-ID (browsers' EventSource do this themselves) gets every change since, none twice.
 * A comment line every 15 s keeps proxies from closing a quiet stream.
 */
@Path("/fhir/CarePlan/_stream")
@ApplicationScoped
public class CarePlanSubscriptions {

    private static final Logger LOG = Logger.getLogger(CarePlanSubscriptions.class);
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final ExecutorService streams = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "care-plan-stream");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed(Roles.CARE_TEAM) // on the method: on the class it also guarded the shutdown observer, which then threw
    public void subscribe(@Context SseEventSink sink, @Context Sse sse, @Context UriInfo uri,
            @QueryParam("cluster") String cluster, @HeaderParam("Last-Event-ID") String lastEventId) {
        Predicate<String> wanted = filter(cluster, PatientSearch.nhsNumber(uri.getQueryParameters()));
        CarePlanStream stream = new CarePlanStream(bootstrapServers, lastEventId);
        streams.submit(() -> push(stream, sink, sse, wanted));
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        streams.shutdownNow();
    }

    private void push(CarePlanStream stream, SseEventSink sink, Sse sse, Predicate<String> wanted) {
        long quietSince = System.currentTimeMillis();
        try (stream; sink) {
            while (!stopping && !sink.isClosed()) {
                var changes = stream.next(Duration.ofMillis(500), wanted);
                for (CarePlanStream.Change change : changes) {
                    sink.send(sse.newEventBuilder().id(change.token()).name(change.type())
                            .mediaType(MediaType.valueOf(FhirMediaType.FHIR_JSON)).data(change.carePlan()).build())
                            .toCompletableFuture().join();
                }
                if (!changes.isEmpty()) {
                    quietSince = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - quietSince > KEEP_ALIVE_MILLIS) {
                    sink.send(sse.newEventBuilder().comment("still here").build()).toCompletableFuture().join();
                    quietSince = System.currentTimeMillis();
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("Care plan stream ended: %s", e.toString());
        }
    }

    /** Plans of this cluster, or of this person; all plans when neither is given. */
    private static Predicate<String> filter(String cluster, NhsNumber person) {
        if (cluster != null && person != null) {
            throw FhirException.badRequest("Follow a cluster or a person, not both");
        }
        if (cluster != null) {
            String marker = "\"" + ReferralContract.CLUSTER_SYSTEM + "\",\"value\":\"" + cluster + "\"";
            return json -> json.contains(marker);
        }
        if (person != null) {
            String marker = "\"" + NhsNumber.SYSTEM + "\",\"value\":\"" + person.value() + "\"";
            return json -> json.contains(marker);
        }
        return json -> true;
    }
}
