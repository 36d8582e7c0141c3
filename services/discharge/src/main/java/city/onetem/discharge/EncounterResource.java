package city.onetem.discharge;

import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.Roles;
import city.onetem.platform.store.Bundles;
import city.onetem.platform.store.ResourceReads;
import city.onetem.platform.store.StoredSearch;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
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
import org.hl7.fhir.r4.model.Encounter;

/** Hospital stays as FHIR Encounters: read, history, and search by person, visit number or status. */
@Path("/fhir/Encounter")
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed({Roles.DISCHARGE_HUB, Roles.CARE_TEAM, Roles.SPA})
public class EncounterResource {

    @Context
    UriInfo uri;

    @GET
    @Path("{id}")
    public Response read(@PathParam("id") String id) {
        return ResourceReads.read(Encounter.class, id, HospitalStay.findById(id));
    }

    @GET
    @Path("{id}/_history/{version}")
    public Response vread(@PathParam("id") String id, @PathParam("version") long version) {
        return ResourceReads.vread(Encounter.class, id, version, HospitalStayVersion.find(id, version));
    }

    @GET
    @Path("{id}/_history")
    public Bundle history(@PathParam("id") String id) {
        if (HospitalStay.findById(id) == null) {
            throw FhirException.notFound("Encounter", id);
        }
        return ResourceReads.history(Encounter.class, id, baseUrl(), HospitalStayVersion.of(id));
    }

    /** ?patient.identifier=<NHS number>, ?identifier=<visit number>, ?status=in-progress|finished|entered-in-error. */
    @GET
    public Bundle search() {
        StoredSearch search = new StoredSearch(uri.getQueryParameters(), Set.of("identifier"));
        String identifier = search.value("identifier");
        if (identifier != null) {
            // system|value (the system is the hospital's visit number system) or the visit number alone
            int bar = identifier.indexOf('|');
            String value = bar >= 0 ? identifier.substring(bar + 1) : identifier;
            if (bar > 0 && identifier.startsWith(HospitalStay.VISIT_NUMBER_SYSTEM)) {
                search.where("hospital = :hospital", "hospital",
                        identifier.substring(HospitalStay.VISIT_NUMBER_SYSTEM.length(), bar));
            }
            search.where("visitNumber = :visit", "visit", value);
        }
        search.requireCriteria("Name the person (?patient.identifier=" + NhsNumber.SYSTEM
                + "|<NHS number>) or the visit (?identifier=<visit number>)");
        List<String> found = search.page(HospitalStay.<HospitalStay>find(search.jpql(), search.parameters()))
                .stream().map(stay -> stay.resource).toList();
        return Bundles.searchSet(Encounter.class, baseUrl(), uri, search, found);
    }

    private String baseUrl() {
        return uri.getBaseUriBuilder().path("fhir").path("Encounter").build().toString();
    }
}
