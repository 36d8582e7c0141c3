package city.onetem.careplans;

import city.onetem.platform.fhir.Caller;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.ResourceVersions;
import city.onetem.platform.fhir.Roles;
import city.onetem.platform.store.Bundles;
import city.onetem.platform.store.ResourceReads;
import city.onetem.platform.store.StoredSearch;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.hl7.fhir.r4.model.CarePlan;

@Path("/fhir/CarePlan")
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed(Roles.CARE_TEAM)
public class CarePlanResource {

    @Context
    UriInfo uri;
    @Inject
    CarePlans carePlans;
    @Inject
    Caller caller;

    @GET
    @Path("{id}")
    public Response read(@PathParam("id") String id) {
        return ResourceReads.read(CarePlan.class, id, CarePlanRecord.findById(id));
    }

    /** Update the whole plan; If-Match is required (428 without it, 412 on a stale version). */
    @PUT
    @Path("{id}")
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response update(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, CarePlan edited) {
        CarePlanRecord record = carePlans.update(id, ifMatch, edited, caller.describe());
        return ResourceVersions.ok(edited, record.version);
    }

    @GET
    @Path("{id}/_history/{version}")
    public Response vread(@PathParam("id") String id, @PathParam("version") long version) {
        return ResourceReads.vread(CarePlan.class, id, version, CarePlanVersion.find(id, version));
    }

    @GET
    @Path("{id}/_history")
    public Bundle history(@PathParam("id") String id) {
        return ResourceReads.history(CarePlan.class, id, baseUrl(), CarePlanVersion.of(id));
    }

    /** By person, status, the cluster holding the plan (a team's list) and _lastUpdated; newest first. */
    @GET
    public Bundle search() {
        StoredSearch search = new StoredSearch(uri.getQueryParameters(), Set.of("cluster"));
        if (search.value("cluster") != null) {
            search.where("cluster = :cluster", "cluster", search.value("cluster"));
        }
        search.requireCriteria("Name the person (?patient.identifier=" + NhsNumber.SYSTEM
                + "|<NHS number>) or the team (?cluster=<code>)");
        List<String> plans = CarePlanRecord.<CarePlanRecord>find(search.jpql(), search.parameters())
                .page(0, search.count()).list().stream().map(p -> p.resource).toList();
        return Bundles.searchSet(CarePlan.class, baseUrl(), plans);
    }

    /** A plan for a person who has none yet; 409 naming their plan if they have one. */
    @POST
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response create(CarePlan plan) {
        CarePlanRecord record = carePlans.create(plan, caller.describe());
        return ResourceVersions.created(uri, Fhir.parse(CarePlan.class, record.resource), "CarePlan", record.id,
                record.version);
    }

    private String baseUrl() {
        return uri.getBaseUriBuilder().path("fhir").path("CarePlan").build().toString();
    }
}
