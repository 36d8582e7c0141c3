package city.onetem.discharge.hl7;

import city.onetem.discharge.StayAccess;
import city.onetem.platform.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * ADT over HTTP, for interface engines that post rather than hold an MLLP connection: the body is
 * one ER7 message, the answer its ACK with 200, whatever the ACK says (AA, AE or AR), as over MLLP.
 * A hub sends for its own hospital only (MSH-4 its organisation or one of its sites): a message for
 * another is rejected (AR) and changes nothing.
 */
@Path("/hl7v2")
@RolesAllowed(Roles.DISCHARGE_HUB)
public class Hl7v2Resource {

    /** The media type HL7 gives ER7 over HTTP; text/plain is accepted from engines that send that. */
    public static final String ER7 = "x-application/hl7-v2+er7";

    @Inject
    AdtFeed feed;
    @Inject
    StayAccess access;

    @POST
    @Consumes({ER7, "text/plain"})
    @Produces(ER7)
    public String receive(String message) {
        return feed.receive(message, access::ownHospital);
    }
}
