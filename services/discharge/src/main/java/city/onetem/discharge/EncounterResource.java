package city.onetem.discharge;

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
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Parameters;

/**
 * Hospital stays as FHIR Encounters: read, history, and search by person, visit number or status;
 * the discharge to assess stages as operations, each answered with the stay's new version
 * (If-Match optional: 412 when the stay changed since the version named).
 */
@Path("/fhir/Encounter")
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed({Roles.DISCHARGE_HUB, Roles.CARE_TEAM, Roles.SPA})
public class EncounterResource {

    @Context
    UriInfo uri;
    @Inject
    DischargeToAssess d2a;
    @Inject
    Caller caller;
    @Inject
    StayAccess access;

    @GET
    @Path("{id}")
    public Response read(@PathParam("id") String id) {
        return ResourceReads.read(Encounter.class, id, access.require(HospitalStay.findById(id)));
    }

    @GET
    @Path("{id}/_history/{version}")
    public Response vread(@PathParam("id") String id, @PathParam("version") long version) {
        access.require(HospitalStay.findById(id));
        return ResourceReads.vread(Encounter.class, id, version, HospitalStayVersion.find(id, version));
    }

    @GET
    @Path("{id}/_history")
    public Bundle history(@PathParam("id") String id) {
        if (access.require(HospitalStay.findById(id)) == null) {
            throw FhirException.notFound("Encounter", id);
        }
        return ResourceReads.history(Encounter.class, id, baseUrl(), HospitalStayVersion.of(id));
    }

    /** ?patient.identifier=<NHS number>, ?identifier=<visit number>, ?status=in-progress|finished|entered-in-error. */
    @GET
    public Bundle search() {
        StoredSearch search = new StoredSearch(uri.getQueryParameters(), Set.of("identifier", "status"));
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
        // The person or the visit first: a status alone would list every stay.
        search.requireCriteria("Name the person (?patient.identifier=" + NhsNumber.SYSTEM
                + "|<NHS number>) or the visit (?identifier=<visit number>)");
        if (search.value("status") != null) {
            search.where("status = :status", "status", search.value("status"));
        }
        access.restrict(search);
        List<String> found = search.page(HospitalStay.<HospitalStay>find(search.jpql(), search.parameters()))
                .stream().map(stay -> stay.resource).toList();
        return Bundles.searchSet(Encounter.class, baseUrl(), uri, search, found);
    }

    /**
     * The person no longer meets the criteria to reside: 'time' (valueDateTime, default now) and,
     * when known already, 'pathway' (valueInteger 0-3). The cluster team and the plan hear at once.
     */
    @POST
    @Path("{id}/$medically-optimised")
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response medicallyOptimised(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            Parameters body) {
        access.require(HospitalStay.findById(id));
        OperationParameters in = new OperationParameters("$medically-optimised", body);
        Integer pathway = in.text("pathway").map(text -> pathway(text)).orElse(null);
        return answer(d2a.medicallyOptimised(id, ifMatch, time(in), pathway, caller.describe()));
    }

    /** The discharge to assess pathway: 'pathway' (valueInteger 0-3), 'time' (default now). Pathway 1 asks for a reablement place. */
    @POST
    @Path("{id}/$assign-pathway")
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response assignPathway(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        access.require(HospitalStay.findById(id));
        OperationParameters in = new OperationParameters("$assign-pathway", body);
        int pathway = pathway(in.requiredText("pathway", "the discharge to assess pathway, 0-3"));
        return answer(d2a.assignPathway(id, ifMatch, pathway, time(in), caller.describe()));
    }

    /** Why the person is still in hospital: 'reason' (valueCode, see DelayReason). */
    @POST
    @Path("{id}/$delay-reason")
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response delayReason(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        access.require(HospitalStay.findById(id));
        String code = new OperationParameters("$delay-reason", body).requiredText("reason", "one of " + DelayReason.codes());
        DelayReason reason = DelayReason.of(code).orElseThrow(() -> FhirException.invalid("Parameters.parameter('reason')",
                "Delay reason '" + code + "' is not one of " + DelayReason.codes()));
        return answer(d2a.delayReason(id, ifMatch, reason, caller.describe()));
    }

    /** The community service that accepted the person: 'service' (valueString), 'time' (default now). */
    @POST
    @Path("{id}/$community-accepted")
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response communityAccepted(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            Parameters body) {
        access.require(HospitalStay.findById(id));
        OperationParameters in = new OperationParameters("$community-accepted", body);
        String service = in.requiredText("service", "the community service that accepted the person");
        return answer(d2a.communityAccepted(id, ifMatch, service, time(in), caller.describe()));
    }

    /** The assessment at home after discharge: 'time' (default now). */
    @POST
    @Path("{id}/$assessed-at-home")
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response assessedAtHome(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            Parameters body) {
        access.require(HospitalStay.findById(id));
        return answer(d2a.assessedAtHome(id, ifMatch, time(new OperationParameters("$assessed-at-home", body)),
                caller.describe()));
    }

    /** Reablement ended: 'outcome' (valueCode, see ReablementOutcome), 'time' (default now). */
    @POST
    @Path("{id}/$end-reablement")
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response endReablement(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            Parameters body) {
        access.require(HospitalStay.findById(id));
        OperationParameters in = new OperationParameters("$end-reablement", body);
        String code = in.requiredText("outcome", "one of " + ReablementOutcome.codes());
        ReablementOutcome outcome = ReablementOutcome.of(code).orElseThrow(() -> FhirException.invalid(
                "Parameters.parameter('outcome')", "Reablement outcome '" + code + "' is not one of "
                        + ReablementOutcome.codes()));
        return answer(d2a.endReablement(id, ifMatch, outcome, time(in), caller.describe()));
    }

    private static int pathway(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw FhirException.invalid("Parameters.parameter('pathway')",
                    "pathway is a number, 0-3 (valueInteger), not '" + text + "'");
        }
    }

    private static Instant time(OperationParameters in) {
        return in.dateTime("time").map(Date::toInstant).orElse(null);
    }

    private Response answer(HospitalStay stay) {
        return ResourceReads.written(uri, "Encounter", stay);
    }

    private String baseUrl() {
        return uri.getBaseUriBuilder().path("fhir").path("Encounter").build().toString();
    }
}
