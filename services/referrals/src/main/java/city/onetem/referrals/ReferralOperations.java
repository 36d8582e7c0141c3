package city.onetem.referrals;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.CodedValue;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.OperationParameters;
import city.onetem.platform.fhir.ResourceVersions;
import city.onetem.platform.store.ResourceReads;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The SPA team's decisions on a referral, as FHIR operations with a Parameters body. Each
 * answers with the new version of the ServiceRequest; If-Match (W/"n") makes a decision on a
 * version someone else has since changed fail with 412.
 */
@Path("/fhir/ServiceRequest")
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed(Roles.SPA)
public class ReferralOperations {

    @Inject
    ReferralWorkflow workflow;
    @Inject
    ClusterDirectory clusters;
    @Inject
    Caller caller;
    @Inject
    ReferralAccess access;
    @Context
    UriInfo uri;

    /**
     * Sets the priority, the service ('category', which takes the referral off the to-categorise
     * queue) and the cluster when the SPA routes by hand (an unrouted referral).
     */
    @POST
    @Path("{id}/$triage")
    public Response triage(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        OperationParameters in = new OperationParameters("$triage", body);
        ReferralPriority priority = CodedValue.byCode(ReferralPriority.class, in.requiredText("priority",
                        "ucr-2-hour, same-day or routine"))
                .orElseThrow(() -> FhirException.invalid("Parameters.parameter('priority')",
                        "priority is one of ucr-2-hour, same-day, routine"));
        ServiceCategory category = in.text("category").map(code -> CodedValue.byCode(ServiceCategory.class, code)
                .orElseThrow(() -> FhirException.invalid("Parameters.parameter('category')", "'" + code
                        + "' is not a service of the SPA: " + CodedValue.codes(ServiceCategory.class)))).orElse(null);
        String cluster = in.text("cluster").map(code -> {
            if (Cluster.findById(code) == null) {
                throw FhirException.invalid("Parameters.parameter('cluster')", "No cluster '" + code
                        + "'; GET /spa/clusters lists them");
            }
            return code;
        }).orElse(null);
        return answer(workflow.decide(id, version(ifMatch), new ReferralWorkflow.Decision(ReferralState.TRIAGED,
                null, (referral, request) -> {
                    referral.priority = priority;
                    if (category != null) {
                        referral.category = category;
                        referral.toCategorise = null;
                    }
                    if (cluster != null) {
                        referral.cluster = cluster;
                    }
                }), caller.describe()));
    }

    /** Accepts the referral for its cluster team, or for a city-wide service named in 'service'. */
    @POST
    @Path("{id}/$accept")
    public Response accept(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        OperationParameters in = new OperationParameters("$accept", body);
        String service = in.text("service").orElse(null);
        return answer(workflow.decide(id, version(ifMatch), new ReferralWorkflow.Decision(ReferralState.ACCEPTED,
                service == null ? null : "Accepted by " + service, (referral, request) -> {
                    if (referral.category == null) {
                        throw FhirException.businessRule("ServiceRequest/" + id + " is still to categorise: "
                                + "choose its service first ($triage with 'category')");
                    }
                    if (referral.cluster == null && service == null) {
                        throw FhirException.businessRule("ServiceRequest/" + id + " is unrouted: triage it to a "
                                + "cluster, or name the city-wide service accepting it ('service')");
                    }
                }), caller.describe()));
    }

    /**
     * The NHS number the SPA traced for a referral received without one ('nhs-number'), and the
     * person's registered practice if the trace found it ('practice', an ODS code) to route it by.
     */
    @POST
    @Path("{id}/$trace")
    public Response trace(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        OperationParameters in = new OperationParameters("$trace", body);
        String nhsNumber = in.requiredText("nhs-number", "the NHS number the trace found");
        String problem = NhsNumber.problem(nhsNumber);
        if (problem != null) {
            throw FhirException.invalid("Parameters.parameter('nhs-number')", problem);
        }
        String practice = in.text("practice").orElse(null);
        if (practice != null && !practice.matches("[A-Z0-9]{3,10}")) {
            throw FhirException.invalid("Parameters.parameter('practice')", "'" + practice
                    + "' is not an ODS code (upper-case letters and digits)");
        }
        return answer(workflow.trace(id, version(ifMatch), new NhsNumber(nhsNumber), practice, caller.describe()));
    }

    @POST
    @Path("{id}/$redirect")
    public Response redirect(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        OperationParameters in = new OperationParameters("$redirect", body);
        String to = in.requiredText("to", "the service the person is redirected to");
        String reason = in.requiredText("reason", "why, for the referrer and the person");
        return answer(workflow.decide(id, version(ifMatch),
                ReferralWorkflow.Decision.to(ReferralState.REDIRECTED, "Redirected to " + to + ": " + reason),
                caller.describe()));
    }

    @POST
    @Path("{id}/$decline")
    public Response decline(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        String reason = new OperationParameters("$decline", body).requiredText("reason",
                "why, for the referrer and the person");
        return answer(workflow.decide(id, version(ifMatch), ReferralWorkflow.Decision.to(ReferralState.DECLINED,
                reason), caller.describe()));
    }

    @POST
    @Path("{id}/$complete")
    public Response complete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        return answer(workflow.decide(id, version(ifMatch), ReferralWorkflow.Decision.to(ReferralState.COMPLETED,
                null), caller.describe()));
    }

    @POST
    @Path("{id}/$cancel")
    public Response cancel(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        OperationParameters in = new OperationParameters("$cancel", body);
        boolean inError = in.text("entered-in-error").map(Boolean::parseBoolean).orElse(false);
        String reason = in.requiredText("reason", "why the referral is withdrawn");
        return answer(workflow.decide(id, version(ifMatch), ReferralWorkflow.Decision.to(
                inError ? ReferralState.ENTERED_IN_ERROR : ReferralState.CANCELLED, reason), caller.describe()));
    }

    /** Urgent community response: the first face-to-face contact ('time', default now) stops the clock. */
    @POST
    @Path("{id}/$record-contact")
    @RolesAllowed({Roles.SPA, Roles.CARE_TEAM})
    public Response recordContact(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            Parameters body) {
        // A cluster team records contact only on the referrals routed to it.
        access.require(Referral.findById(id));
        Instant at = new OperationParameters("$record-contact", body).dateTime("time").map(d -> d.toInstant())
                .orElseGet(Instant::now);
        return answer(workflow.recordFirstContact(id, version(ifMatch), at, caller.describe()));
    }

    private static Long version(String ifMatch) {
        return ifMatch == null ? null : ResourceVersions.parseIfMatch(ifMatch);
    }

    private Response answer(Referral referral) {
        return ResourceReads.written(uri, "ServiceRequest", referral);
    }
}
