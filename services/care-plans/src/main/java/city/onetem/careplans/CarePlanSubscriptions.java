package city.onetem.careplans;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.PatientSearch;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
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
import java.time.Instant;

/**
 * GET /fhir/CarePlan/_stream: each change to the plans a team follows, pushed as a Server-Sent
 * Event (event: careplan.created.v1 / careplan.updated.v1 / a part's event, data: the resource)
 * as soon as it is published. Filter by ?cluster=east or ?patient.identifier=... A client that
 * reconnects with Last-Event-ID (browsers' EventSource do this themselves) gets every change
 * since, none twice, or, when the id is too old for this server, an event named reset telling it
 * to re-read. All streams of an instance share one reader ({@link CarePlanFeed}); each caller may
 * hold a few at once ({@link StreamSlots}).
 */
@Path("/fhir/CarePlan/_stream")
public class CarePlanSubscriptions {

    private static final int UNRECORDED_RETRY_SECONDS = 5;

    @Inject
    CarePlanFeed feed;
    @Inject
    StreamSlots slots;
    @Inject
    Caller caller;
    @Inject
    CareRelationships relationships;
    @Inject
    AuditTrail trail;

    /**
     * A stream's answer passes no response filter, so it is audited here, allowed or refused, and
     * its role checked here (not by an annotation, whose refusal would go unrecorded). Blocking:
     * the audit row is written before the stream opens.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Authenticated
    @Blocking
    public void subscribe(@Context SseEventSink sink, @Context Sse sse, @Context UriInfo uri,
            @QueryParam("cluster") String cluster, @HeaderParam("Last-Event-ID") String lastEventId) {
        try {
            if (!caller.hasRole(Roles.CARE_TEAM)) {
                throw FhirException.forbidden("Only the members of a cluster team follow care plans");
            }
            NhsNumber person = PatientSearch.nhsNumber(uri.getQueryParameters());
            Instant until = null;
            if (person != null) {
                relationships.require(person.value());
                until = relationships.accessEndsAt(person.value()).orElse(null); // break glass: until it expires
            } else if (cluster != null) {
                relationships.requireTeam(cluster);
            } else {
                throw FhirException.forbidden("Follow your team's plans (?cluster=<your team>) or a person's"
                        + " (?patient.identifier=<NHS number>): nobody follows every plan");
            }
            Following following = Following.of(cluster, person);
            feed.requireReady();
            Runnable slot = slots.take(caller.id());
            try {
                trail.recordNow(200);
            } catch (RuntimeException unrecorded) {
                slot.run();
                throw FhirException.unavailable("This stream could not be recorded in the audit trail, so it is not"
                        + " opened: try again in " + UNRECORDED_RETRY_SECONDS + " seconds", UNRECORDED_RETRY_SECONDS);
            }
            feed.open(sink, sse, following, caller.organisation(), lastEventId, until, slot);
        } catch (FhirException refused) {
            trail.recordNow(refused.status());
            throw refused;
        }
    }
}
