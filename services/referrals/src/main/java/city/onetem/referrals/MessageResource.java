package city.onetem.referrals;

import city.onetem.platform.fhir.Caller;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * POST /fhir/$process-message: BaRS referrals from NHS 111 and 999 systems. Answers as a FHIR
 * message server does, synchronously: a response message whose MessageHeader.response says ok
 * and focuses the stored ServiceRequest. The same message sent again gets the same answer and
 * creates nothing; a message that fails a check gets an OperationOutcome and changes nothing.
 */
@Path("/fhir/$process-message")
@RolesAllowed({Roles.REFERRER, Roles.SPA})
public class MessageResource {

    @Inject
    ReferralIntake intake;
    @Inject
    Caller caller;
    @Context
    UriInfo uri;

    @POST
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Bundle process(Bundle message) {
        BarsMessage bars = BarsMessage.read(message);
        Referral referral = intake.receive(bars.request(), bars.patient(), caller.describe()).referral();
        ServiceRequest stored = Fhir.parse(ServiceRequest.class, referral.resource);
        String location = uri.getBaseUriBuilder().path("fhir").path("ServiceRequest").path(referral.id).build()
                .toString();

        MessageHeader header = new MessageHeader();
        header.setId(UUID.randomUUID().toString());
        header.setEvent(bars.header().getEventCoding().copy());
        header.getSource().setEndpoint(uri.getBaseUriBuilder().path("fhir").build().toString())
                .setName("One Team Single Point of Access");
        header.addDestination().setEndpoint(bars.header().getSource().getEndpoint());
        header.getResponse().setIdentifier(BarsMessage.messageId(bars.header()))
                .setCode(MessageHeader.ResponseType.OK);
        header.addFocus(new Reference(location));

        Bundle response = new Bundle().setType(Bundle.BundleType.MESSAGE).setTimestamp(new Date());
        response.setId(UUID.randomUUID().toString());
        response.addEntry().setFullUrl("urn:uuid:" + header.getId()).setResource(header);
        response.addEntry().setFullUrl(location).setResource(stored);
        return response;
    }
}
