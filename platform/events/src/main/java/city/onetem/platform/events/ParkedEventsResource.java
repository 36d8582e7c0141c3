package city.onetem.platform.events;

import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.FhirException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * For the on-call operator: the events this service could not apply or publish, and what to do
 * with each once the cause is fixed. Replay applies (or publishes) an event once; dismiss records
 * that a person reviewed it and it is not to be applied, with why. Not FHIR: these are records
 * of the event plumbing, not of people's care.
 */
@Path("/admin/events/parked")
@RolesAllowed(Roles.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class ParkedEventsResource {

    /** What the listing shows. */
    public record Listing(List<ParkedEvents.Inbound> inbound, List<ParkedEvents.Outbound> outbound) {
    }

    @Inject
    ParkedEvents parked;
    @Inject
    JsonWebToken caller;

    @GET
    public Listing list(@QueryParam("all") boolean all) {
        return new Listing(parked.inbound(all), parked.outbound());
    }

    @POST
    @Path("inbound/{id}/replay")
    public Map<String, String> replayInbound(@PathParam("id") long id) {
        return Map.of("resolution", parked.replayInbound(id, caller.getName()));
    }

    @POST
    @Path("inbound/{id}/dismiss")
    public Map<String, String> dismissInbound(@PathParam("id") long id, @QueryParam("reason") String reason) {
        parked.dismissInbound(id, requireReason(reason), caller.getName());
        return Map.of("resolution", "dismissed");
    }

    @POST
    @Path("outbound/{eventId}/replay")
    public Map<String, String> replayOutbound(@PathParam("eventId") String eventId) {
        parked.replayOutbound(eventId);
        return Map.of("resolution", "returned to the relay");
    }

    @POST
    @Path("outbound/{eventId}/dismiss")
    public Map<String, String> dismissOutbound(@PathParam("eventId") String eventId,
            @QueryParam("reason") String reason) {
        parked.dismissOutbound(eventId, requireReason(reason));
        return Map.of("resolution", "dismissed");
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw FhirException.badRequest("Say why it is dismissed: ?reason=...");
        }
        return reason;
    }
}
