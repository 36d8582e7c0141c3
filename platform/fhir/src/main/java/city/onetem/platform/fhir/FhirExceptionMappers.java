package city.onetem.platform.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import city.onetem.platform.access.TokenRefusal;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves a service as an OperationOutcome with the status that fits it. */
public class FhirExceptionMappers {

    private static final Logger LOG = Logger.getLogger(FhirExceptionMappers.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response fhir(FhirException e) {
        Response response = outcome(e.status(), OperationOutcomes.error(e.issueType(), e.getMessage(), e.expression()));
        return e.retryAfterSeconds() == null ? response
                : Response.fromResponse(response).header("Retry-After", e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response unparseable(DataFormatException e) {
        return outcome(400, OperationOutcomes.error(IssueType.STRUCTURE,
                "The body is not a valid FHIR R4 JSON resource: " + e.getMessage(), null));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(outcome(401, OperationOutcomes.error(IssueType.LOGIN, TokenRefusal.reason(e), null)))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return outcome(403, OperationOutcomes.error(IssueType.FORBIDDEN,
                "Your role does not allow this request", null));
    }

    @ServerExceptionMapper
    public Response noSuchEndpoint(NotFoundException e, UriInfo uri) {
        return outcome(404, OperationOutcomes.error(IssueType.NOTFOUND,
                "Nothing here at /" + uri.getPath().replaceFirst("^/", "")
                        + "; GET /fhir/metadata lists what this server supports", null));
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e, Request request, UriInfo uri) {
        return outcome(405, OperationOutcomes.error(IssueType.NOTSUPPORTED, request.getMethod() + " is not supported on /"
                + uri.getPath().replaceFirst("^/", "") + "; GET /fhir/metadata lists what this server supports", null));
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return outcome(415, OperationOutcomes.error(IssueType.NOTSUPPORTED,
                "Send the body as " + FhirMediaType.FHIR_JSON + " (Content-Type header)", null));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        IssueType type = switch (status) {
            case 405, 406, 415 -> IssueType.NOTSUPPORTED;
            case 409, 412 -> IssueType.CONFLICT;
            default -> status >= 500 ? IssueType.EXCEPTION : IssueType.INVALID;
        };
        return outcome(status, OperationOutcomes.error(type, e.getMessage(), null));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (DatabaseUnavailable.causes(e)) {
            LOG.warnf("Database unavailable, answered 503: %s", e.toString());
            return Response.status(503).type(FhirMediaType.FHIR_JSON).header("Retry-After", RETRY_AFTER_SECONDS)
                    .entity(OperationOutcomes.error(IssueType.TRANSIENT, "The service's database cannot be reached "
                            + "at the moment; nothing was changed. Send the same request again in "
                            + RETRY_AFTER_SECONDS + " seconds", null))
                    .build();
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, reference %s", reference);
        return outcome(500, OperationOutcomes.error(IssueType.EXCEPTION,
                "The server failed to handle this request; nothing was changed. Quote reference "
                        + reference + " to the service desk", null));
    }

    private static Response outcome(int status, OperationOutcome outcome) {
        return Response.status(status).type(FhirMediaType.FHIR_JSON).entity(outcome).build();
    }
}
