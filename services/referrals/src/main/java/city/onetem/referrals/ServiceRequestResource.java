package city.onetem.referrals;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.ConditionalCreate;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.ResourceVersions;
import city.onetem.platform.store.Bundles;
import city.onetem.platform.store.ResourceReads;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;

@Path("/fhir/ServiceRequest")
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed({Roles.REFERRER, Roles.SPA, Roles.CARE_TEAM})
public class ServiceRequestResource {

    @Inject
    ReferralIntake intake;
    @Inject
    Caller caller;
    @Inject
    UrgentResponseMonitor monitor;
    @Inject
    ReferralAccess access;
    @Context
    UriInfo uri;

    /**
     * 201 with the new referral; 200 with the original when the same referral is posted again.
     * If-None-Exist: identifier=system|value (conditional create) is that same check made
     * explicit: the referral carries the identifier, and one that carries it already is the answer.
     */
    @POST
    @RolesAllowed({Roles.REFERRER, Roles.SPA})
    public Response create(ServiceRequest request, @HeaderParam("If-None-Exist") String ifNoneExist) {
        ConditionalCreate.parse("ServiceRequest", ifNoneExist, request);
        ReferralIntake.Received received = intake.receive(request, IncomingReferral.patientOf(request),
                caller.describe());
        Referral referral = received.referral();
        if (!received.created()) {
            return Response.fromResponse(ResourceReads.read(ServiceRequest.class, referral.id, referral))
                    .header("Content-Location", ResourceVersions.location(uri, "ServiceRequest", referral.id,
                            referral.version)).build();
        }
        return ResourceReads.created(uri, "ServiceRequest", referral);
    }

    /**
     * The referral, with the person's One Team care plan if they have one: for its sender, the
     * team it is routed to and the SPA.
     */
    @GET
    @Path("{id}")
    public Response read(@PathParam("id") String id) {
        Referral referral = access.require(Referral.findById(id));
        if (referral == null) {
            throw FhirException.notFound("ServiceRequest", id);
        }
        return ResourceVersions.ok(CarePlanLink.withCarePlan(Fhir.parse(ServiceRequest.class, referral.resource),
                referral.nhsNumber), referral.version);
    }

    @GET
    @Path("{id}/_history/{version}")
    public Response vread(@PathParam("id") String id, @PathParam("version") long version) {
        access.require(Referral.findById(id));
        return ResourceReads.vread(ServiceRequest.class, id, version, ReferralVersion.find(id, version));
    }

    @GET
    @Path("{id}/_history")
    public Bundle history(@PathParam("id") String id) {
        access.require(Referral.findById(id));
        return ResourceReads.history(ServiceRequest.class, id, baseUrl(), ReferralVersion.of(id));
    }

    /**
     * Search, and the SPA's work queues as named queries: ?_query=untriaged, unrouted or at-risk.
     * Only the caller's referrals are found and counted.
     */
    @GET
    public Bundle search() {
        ReferralSearch.Found found = ReferralSearch.run(uri.getQueryParameters(), monitor.atRiskSince(),
                access::restrict);
        return Bundles.searchSet(ServiceRequest.class, baseUrl(), uri, found.search(),
                found.rows().stream().map(r -> r.resource).toList());
    }

    private String baseUrl() {
        return uri.getBaseUriBuilder().path("fhir").path("ServiceRequest").build().toString();
    }
}
