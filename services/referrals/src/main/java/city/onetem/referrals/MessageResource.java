package city.onetem.referrals;

import ca.uhn.fhir.parser.DataFormatException;
import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.DatabaseUnavailable;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.jboss.logging.Logger;

/**
 * POST /fhir/$process-message: BaRS referral messages (servicerequest-request: a new referral, an
 * update, a cancellation; category referral or validation) from NHS 111, 999 and other senders.
 * Every answer is a BaRS response message: a MessageHeader whose response names the request's
 * MessageHeader id and says ok, fatal-error or transient-error, with the stored ServiceRequest
 * when ok and an OperationOutcome carrying the BaRS error code when not, under the HTTP status
 * the standard gives. X-Request-ID and X-Correlation-ID are echoed on every answer; a message
 * whose X-Request-ID was processed before is a 409 REC_CONFLICT (duplicate), as BaRS says a
 * retry after success is answered. The same message under a new X-Request-ID (or none) gets the
 * same answer as the first time and changes nothing.
 */
@Path("/fhir/$process-message")
@RolesAllowed({Roles.REFERRER, Roles.SPA})
public class MessageResource {

    private static final Logger LOG = Logger.getLogger(MessageResource.class);
    static final String REQUEST_ID = "X-Request-ID";
    static final String CORRELATION_ID = "X-Correlation-ID";
    private static final Pattern UUID_FORM = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    ReferralIntake intake;
    @Inject
    ReferralAmendments amendments;
    @Inject
    Caller caller;
    @Context
    UriInfo uri;

    @POST
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response process(String body, @HeaderParam(REQUEST_ID) String requestId,
            @HeaderParam(CORRELATION_ID) String correlationId) {
        MessageHeader request = null;
        Referral referral = null;
        try {
            Bundle bundle = parse(body);
            request = bundle.getEntryFirstRep().getResource() instanceof MessageHeader header ? header : null;
            checkTransportId(REQUEST_ID, requestId);
            checkTransportId(CORRELATION_ID, correlationId);
            BarsMessage message = BarsMessage.read(bundle);
            String senderOrg = caller.sender();
            var earlier = BarsMessageRecord.byRequestId(requestId);
            if (earlier.isPresent() && !senderOrg.equals(earlier.get().senderOrg)) {
                // Another sender's request id: their referral is not shown to this one.
                throw BarsError.duplicate("This " + REQUEST_ID + " (" + requestId + ") has been used before: give "
                        + "each request an " + REQUEST_ID + " of its own (a new UUID)");
            }
            if (earlier.isPresent()) {
                referral = Referral.findById(earlier.get().referralId);
                throw BarsError.duplicate("This message has already been received and processed (" + REQUEST_ID + " "
                        + requestId + ", message " + earlier.get().messageId + "): the referral it made or changed "
                        + "is the focus of this answer");
            }
            var transport = new ReferralAmendments.Transport(requestId, correlationId, senderOrg);
            referral = message.reason() == BarsMessage.Reason.NEW
                    ? intake.receive(message.request(), message.patient(), caller.describe(),
                            created -> recordNew(message, transport, created)).referral()
                    : amendments.apply(message, transport, caller.describe());
            return answer(200, ok(message.header(), referral), requestId, correlationId, null);
        } catch (BarsError e) {
            return refuse(e, request, referral, requestId, correlationId);
        } catch (FhirException e) {
            return refuse(BarsError.of(e), request, referral, requestId, correlationId);
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.causes(e)) {
                LOG.warnf("Database unavailable, answered 503: %s", e.toString());
                return refuse(new BarsError(503, IssueType.TRANSIENT, "The service's database cannot be reached at the "
                        + "moment; nothing was changed. Send the same message again in " + RETRY_AFTER_SECONDS
                        + " seconds", null, RETRY_AFTER_SECONDS), request, null, requestId, correlationId);
            }
            String reference = UUID.randomUUID().toString();
            LOG.errorf(e, "Unexpected failure processing a BaRS message, reference %s", reference);
            return refuse(new BarsError(500, IssueType.EXCEPTION, "The server failed to handle this message; nothing "
                    + "was changed. Quote reference " + reference + " to the service desk", null, null), request, null,
                    requestId, correlationId);
        }
    }

    /** The new referral's message, recorded in the transaction that creates the referral. */
    private static void recordNew(BarsMessage message, ReferralAmendments.Transport transport, Referral created) {
        created.validation = message.validation();
        BarsMessageRecord record = new BarsMessageRecord();
        record.messageId = BarsMessage.messageId(message.header());
        record.requestId = transport.requestId();
        record.correlationId = transport.correlationId();
        record.reason = message.reason().code();
        record.senderOrg = transport.senderOrg();
        record.senderOds = message.senderOds();
        record.referralId = created.id;
        record.receivedAt = Instant.now();
        record.persist();
    }

    private static Bundle parse(String body) {
        try {
            return Fhir.parseStrict(Bundle.class, body);
        } catch (DataFormatException e) {
            throw BarsError.badRequest(null, IssueType.STRUCTURE, "The body is not a valid FHIR R4 JSON Bundle: "
                    + e.getMessage());
        }
    }

    /** Optional here (a sender not behind the BaRS proxy may not send them), but a GUID when given. */
    private static void checkTransportId(String header, String value) {
        if (value != null && !UUID_FORM.matcher(value.trim()).matches()) {
            throw BarsError.badRequest(header, IssueType.VALUE, header + " must be a GUID (e.g. "
                    + "5b3f7ac2-9b2e-4f0c-9d1a-0c2a6f1f0b7e), not '" + value + "'");
        }
    }

    private Bundle ok(MessageHeader request, Referral referral) {
        MessageHeader header = responseHeader(request, BarsMessage.messageId(request), MessageHeader.ResponseType.OK);
        header.addFocus(new Reference(location(referral)));
        Bundle response = responseBundle(header);
        response.addEntry().setFullUrl(location(referral))
                .setResource(Fhir.parse(ServiceRequest.class, referral.resource));
        return response;
    }

    private Response refuse(BarsError error, MessageHeader request, Referral referral, String requestId,
            String correlationId) {
        String answering = request != null && request.hasId() ? BarsMessage.messageId(request)
                : requestId != null ? requestId : "unknown";
        MessageHeader header = responseHeader(request, answering, error.responseCode());
        var outcome = error.outcome();
        outcome.setId(UUID.randomUUID().toString());
        header.getResponse().setDetails(new Reference("urn:uuid:" + outcome.getIdElement().getIdPart()));
        if (referral != null) {
            header.addFocus(new Reference(location(referral)));
        }
        Bundle response = responseBundle(header);
        response.addEntry().setFullUrl("urn:uuid:" + outcome.getIdElement().getIdPart()).setResource(outcome);
        return answer(error.status(), response, requestId, correlationId, error.retryAfterSeconds());
    }

    private MessageHeader responseHeader(MessageHeader request, String answering, MessageHeader.ResponseType code) {
        MessageHeader header = new MessageHeader();
        header.setId(UUID.randomUUID().toString());
        header.setEvent(request != null && request.hasEventCoding() ? request.getEventCoding().copy()
                : new Coding(BarsMessage.EVENT_SYSTEM, BarsMessage.REFERRAL_EVENT, null));
        header.getSource().setEndpoint(uri.getBaseUriBuilder().path("fhir").build().toString())
                .setName("One Team Single Point of Access");
        if (request != null && request.getSource().hasEndpoint()) {
            header.addDestination().setEndpoint(request.getSource().getEndpoint());
        }
        header.getResponse().setIdentifier(answering).setCode(code);
        return header;
    }

    private static Bundle responseBundle(MessageHeader header) {
        Bundle response = new Bundle().setType(Bundle.BundleType.MESSAGE).setTimestamp(new Date());
        response.setId(UUID.randomUUID().toString());
        response.addEntry().setFullUrl("urn:uuid:" + header.getId()).setResource(header);
        return response;
    }

    private String location(Referral referral) {
        return uri.getBaseUriBuilder().path("fhir").path("ServiceRequest").path(referral.id).build().toString();
    }

    private static Response answer(int status, Resource body, String requestId, String correlationId,
            Integer retryAfterSeconds) {
        Response.ResponseBuilder response = Response.status(status).type(FhirMediaType.FHIR_JSON).entity(body);
        if (requestId != null) {
            response.header(REQUEST_ID, requestId);
        }
        if (correlationId != null) {
            response.header(CORRELATION_ID, correlationId);
        }
        if (retryAfterSeconds != null) {
            response.header("Retry-After", retryAfterSeconds);
        }
        return response.build();
    }
}
