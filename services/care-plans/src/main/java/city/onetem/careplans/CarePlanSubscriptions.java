package city.onetem.careplans;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.PatientSearch;
import jakarta.annotation.security.RolesAllowed;
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

    @Inject
    CarePlanFeed feed;
    @Inject
    StreamSlots slots;
    @Inject
    Caller caller;
    @Inject
    CareRelationships relationships;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed(Roles.CARE_TEAM) // on the method: on a class it also guards the class's observers, which then throw
    public void subscribe(@Context SseEventSink sink, @Context Sse sse, @Context UriInfo uri,
            @QueryParam("cluster") String cluster, @HeaderParam("Last-Event-ID") String lastEventId) {
        NhsNumber person = PatientSearch.nhsNumber(uri.getQueryParameters());
        if (person != null) {
            relationships.require(person.value());
        } else if (cluster != null) {
            relationships.requireTeam(cluster);
        } else {
            throw FhirException.forbidden("Follow your team's plans (?cluster=<your team>) or a person's"
                    + " (?patient.identifier=<NHS number>): nobody follows every plan");
        }
        Following following = Following.of(cluster, person);
        feed.open(sink, sse, following, caller.organisation(), lastEventId, slots.take(caller.id()));
    }
}
