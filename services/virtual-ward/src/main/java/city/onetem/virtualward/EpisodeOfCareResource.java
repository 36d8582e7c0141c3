package city.onetem.virtualward;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.OperationParameters;
import city.onetem.platform.store.Bundles;
import city.onetem.platform.store.ResourceReads;
import city.onetem.platform.store.StoredSearch;
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
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Parameters;

/** Virtual ward stays as FHIR EpisodeOfCare: admit (create), the SpO2 scale, discharge, read, versions, and search by person. */
@Path("/fhir/EpisodeOfCare")
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed({Roles.VIRTUAL_WARD, Roles.CARE_TEAM, Roles.SPA})
public class EpisodeOfCareResource {

    @Context
    UriInfo uri;
    @Inject
    Admissions admissions;
    @Inject
    WardStays stays;
    @Inject
    Caller caller;
    @Inject
    WardAccess access;

    @POST
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.VIRTUAL_WARD, Roles.SPA})
    public Response admit(EpisodeOfCare stay) {
        return ResourceReads.created(uri, "EpisodeOfCare", admissions.admit(stay, caller.describe()));
    }

    /** 'scale' (valueInteger 1 or 2) and 'clinician' (valueString, who decided): the SpO2 scale NEWS2 uses from now on. */
    @POST
    @Path("{id}/$spo2-scale")
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.VIRTUAL_WARD)
    public Response spo2Scale(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        OperationParameters in = new OperationParameters("$spo2-scale", body);
        String scale = in.requiredText("scale", "the SpO2 scale, 1 or 2 (valueInteger)");
        int number;
        try {
            number = Integer.parseInt(scale);
        } catch (NumberFormatException e) {
            throw FhirException.invalid("Parameters.parameter('scale')", "scale is 1 or 2, not '" + scale + "'");
        }
        return ResourceReads.written(uri, "EpisodeOfCare", stays.recordSpO2Scale(id, ifMatch, number,
                in.text("clinician").orElse(null), caller.describe()));
    }

    /** The stay ends: 'outcome' (valueCode: home, admitted-to-hospital, died), 'time' (default now). */
    @POST
    @Path("{id}/$discharge")
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed(Roles.VIRTUAL_WARD)
    public Response discharge(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        OperationParameters in = new OperationParameters("$discharge", body);
        String code = in.requiredText("outcome", "one of " + WardOutcome.codes());
        WardOutcome outcome = WardOutcome.of(code).orElseThrow(() -> FhirException.invalid(
                "Parameters.parameter('outcome')", "Outcome '" + code + "' is not one of " + WardOutcome.codes()));
        return ResourceReads.written(uri, "EpisodeOfCare", stays.discharge(id, ifMatch, outcome,
                in.dateTime("time").map(java.util.Date::toInstant).orElse(null), caller.describe()));
    }

    @GET
    @Path("{id}")
    public Response read(@PathParam("id") String id) {
        return ResourceReads.read(EpisodeOfCare.class, id, visible(WardStay.findById(id)));
    }

    @GET
    @Path("{id}/_history/{version}")
    public Response vread(@PathParam("id") String id, @PathParam("version") long version) {
        visible(WardStay.findById(id));
        return ResourceReads.vread(EpisodeOfCare.class, id, version, WardStayVersion.find(id, version));
    }

    /** ?patient.identifier=<NHS number>, optionally &status=active|finished. */
    @GET
    public Bundle search() {
        StoredSearch search = new StoredSearch(uri.getQueryParameters(), Set.of("status"))
                .requireCriteria("Name the person (?patient.identifier=" + NhsNumber.SYSTEM + "|<NHS number>)");
        access.require(search);
        if (search.value("status") != null) {
            search.where("status = :status", "status", search.value("status"));
        }
        List<String> found = search.page(WardStay.<WardStay>find(search.jpql(), search.parameters()))
                .stream().map(stay -> stay.resource).toList();
        return Bundles.searchSet(EpisodeOfCare.class, baseUrl(), uri, search, found);
    }

    /** The stay, once the caller may see its person (null passes, for a 404). */
    private WardStay visible(WardStay stay) {
        if (stay != null) {
            access.require(stay.nhsNumber);
        }
        return stay;
    }

    private String baseUrl() {
        return uri.getBaseUriBuilder().path("fhir").path("EpisodeOfCare").build().toString();
    }
}
