package city.onetem.careplans;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.ConditionalCreate;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.NhsNumber;
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
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;

/**
 * FHIR REST for one kind of plan part: create, read, vread, update with If-Match, _history and
 * search by person, status and _lastUpdated. Each subclass names its path and kind.
 */
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed(Roles.CARE_TEAM)
public abstract class PlanPartEndpoint<T extends DomainResource> {

    @Context
    UriInfo uri;
    @Inject
    PlanParts parts;
    @Inject
    Caller caller;
    @Inject
    CareRelationships relationships;

    abstract PlanPart<T> kind();

    /** 201; with If-None-Exist: identifier=system|value, 200 with the one that carries it already. */
    @POST
    public Response create(IBaseResource body, @HeaderParam("If-None-Exist") String ifNoneExist) {
        T part = accept(body);
        ConditionalCreate condition = ConditionalCreate.parse(kind().name(), ifNoneExist, part);
        return ResourceReads.created(uri, kind().name(), parts.create(kind(), part, caller.describe(), condition));
    }

    @GET
    @Path("{id}")
    public Response read(@PathParam("id") String id) {
        return ResourceReads.read(kind().type, id, relationships.require(PlanParts.find(kind(), id)));
    }

    @PUT
    @Path("{id}")
    public Response update(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, IBaseResource body) {
        T part = accept(body);
        relationships.require(PlanParts.find(kind(), id));
        PlanPartRecord record = parts.update(kind(), id, ifMatch, part, caller.describe());
        return ResourceReads.written(uri, kind().name(), record);
    }

    @GET
    @Path("{id}/_history/{version}")
    public Response vread(@PathParam("id") String id, @PathParam("version") long version) {
        relationships.require(PlanParts.find(kind(), id));
        return ResourceReads.vread(kind().type, id, version, PlanPartVersion.find(id, version));
    }

    @GET
    @Path("{id}/_history")
    public Bundle history(@PathParam("id") String id) {
        relationships.require(PlanParts.find(kind(), id));
        return ResourceReads.history(kind().type, id, baseUrl(), PlanPartVersion.of(id));
    }

    /** A person's parts of this kind (patient.identifier), by status and _lastUpdated; newest first. */
    @GET
    public Bundle search() {
        StoredSearch search = new StoredSearch(uri.getQueryParameters(), Set.of());
        if (search.person() == null) {
            throw FhirException.badRequest("Name the person: ?patient.identifier=" + NhsNumber.SYSTEM + "|<NHS number>");
        }
        relationships.require(search.person().value());
        search.where("resourceType = :type", "type", kind().name());
        List<String> found = search.page(PlanPartRecord.<PlanPartRecord>find(search.jpql(), search.parameters()))
                .stream().map(p -> p.resource).toList();
        return Bundles.searchSet(kind().type, baseUrl(), uri, search, found);
    }

    /** The body as this endpoint's resource type; another type is a 400 saying where it belongs. */
    private T accept(IBaseResource body) {
        if (!kind().type.isInstance(body)) {
            String sent = body == null ? "nothing" : body.fhirType();
            throw FhirException.invalid("resourceType", "This is the " + kind().name() + " endpoint; the body is "
                    + sent + ". Send a " + kind().name() + " here, or post the " + sent + " to its own endpoint");
        }
        return kind().type.cast(body);
    }

    private String baseUrl() {
        return uri.getBaseUriBuilder().path("fhir").path(kind().name()).build().toString();
    }
}
