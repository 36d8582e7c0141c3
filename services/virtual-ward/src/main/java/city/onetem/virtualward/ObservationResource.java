package city.onetem.virtualward;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.OperationOutcomes;
import city.onetem.platform.fhir.ResourceVersions;
import city.onetem.platform.store.Bundles;
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
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Readings from monitoring kit and staff: one at a time ({@code POST /fhir/Observation}) or a set
 * in a Bundle ({@code POST /fhir}, transaction: all or none; batch: each entry answered on its
 * own), each set scored once with NEWS2. Observations and NEWS2 scores are read and searched by
 * person and code. What NEWS2 made of the readings is in the answer's OperationOutcome: scored
 * (with the score and its risk) or not, and which parameters the set still lacks.
 */
@Path("/fhir")
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed({Roles.VIRTUAL_WARD, Roles.CARE_TEAM})
public class ObservationResource {

    @Context
    UriInfo uri;
    @Inject
    Monitoring monitoring;
    @Inject
    Caller caller;
    @Inject
    WardAccess access;

    /** 201 with Location; the body is the Observation, or with Prefer: return=OperationOutcome what NEWS2 made of it. */
    @POST
    @Path("Observation")
    @RolesAllowed({Roles.VIRTUAL_WARD, Roles.CARE_TEAM, Roles.MONITORING_DEVICE})
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response record(Observation observation, @HeaderParam("Prefer") String prefer) {
        Monitoring.Recorded recorded = monitoring.record(List.of(observation), caller.describe());
        WardObservation stored = recorded.readings().get(0);
        Response.ResponseBuilder created = Response.created(ResourceVersions.location(uri, "Observation", stored.id, 1))
                .tag(ResourceVersions.etag(1)).lastModified(Date.from(stored.lastUpdated));
        if (prefer != null && prefer.toLowerCase(java.util.Locale.ROOT).contains("return=operationoutcome")) {
            return created.entity(outcome(recorded.sets().values().iterator().next()))
                    .header("Preference-Applied", "return=OperationOutcome").build();
        }
        return created.entity(stored.resource).type(FhirMediaType.FHIR_JSON).build();
    }

    @POST
    @RolesAllowed({Roles.VIRTUAL_WARD, Roles.CARE_TEAM, Roles.MONITORING_DEVICE})
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Bundle recordSet(Bundle bundle) {
        boolean transaction = bundle.getType() == Bundle.BundleType.TRANSACTION;
        if (!transaction && bundle.getType() != Bundle.BundleType.BATCH) {
            throw FhirException.invalid("Bundle.type", "Send readings as a transaction (all or none) or a batch "
                    + "(each on its own) Bundle, not '" + (bundle.hasType() ? bundle.getType().toCode() : "none") + "'");
        }
        int size = bundle.getEntry().size();
        Bundle.BundleEntryResponseComponent[] answers = new Bundle.BundleEntryResponseComponent[size];
        List<Integer> taken = new java.util.ArrayList<>();
        for (int i = 0; i < size; i++) {
            Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
            try {
                if (!(entry.getResource() instanceof Observation observation)
                        || entry.getRequest().getMethod() != Bundle.HTTPVerb.POST) {
                    throw FhirException.invalid("Bundle.entry[" + i + "]", "Each entry POSTs an Observation "
                            + "(request.method POST, request.url Observation)");
                }
                if (!transaction) {
                    monitoring.check(observation); // a batch answers each entry: the rest are kept
                }
                taken.add(i);
            } catch (FhirException refusal) {
                if (transaction) {
                    throw inEntry(i, refusal);
                }
                answers[i] = Bundles.refused(refusal);
            }
        }
        List<Observation> observations = taken.stream().map(i -> (Observation) bundle.getEntry().get(i).getResource())
                .toList();
        Monitoring.Recorded recorded = observations.isEmpty() ? null : monitoring.record(observations,
                caller.describe(), (n, refusal) -> inEntry(taken.get(n), refusal));
        for (int n = 0; n < taken.size(); n++) {
            WardObservation stored = recorded.readings().get(n);
            answers[taken.get(n)] = new Bundle.BundleEntryResponseComponent().setStatus("201 Created")
                    .setLocation("Observation/" + stored.id + "/_history/1").setEtag("W/\"1\"")
                    .setLastModified(Date.from(stored.lastUpdated))
                    .setOutcome(outcome(recorded.sets().get(stored.wardStayId)));
        }
        Bundle response = new Bundle().setType(transaction ? Bundle.BundleType.TRANSACTIONRESPONSE
                : Bundle.BundleType.BATCHRESPONSE);
        response.setId(java.util.UUID.randomUUID().toString());
        response.getMeta().setLastUpdated(new Date());
        for (Bundle.BundleEntryResponseComponent answer : answers) {
            response.addEntry().setResponse(answer);
        }
        return response;
    }

    @GET
    @Path("Observation/{id}")
    public Response read(@PathParam("id") String id) {
        WardObservation found = WardObservation.findById(id);
        if (found == null) {
            throw FhirException.notFound("Observation", id);
        }
        access.require(found.nhsNumber);
        return ResourceVersions.ok(found.resource, 1, Date.from(found.lastUpdated));
    }

    /**
     * ?patient.identifier=<NHS number> (or subject:identifier), optionally &code=: the NEWS2 total
     * score (http://snomed.info/sct|1104051000000101) or a vital sign's LOINC code. Newest first.
     */
    @GET
    @Path("Observation")
    public Bundle search() {
        StoredSearch search = new StoredSearch(uri.getQueryParameters(), Set.of("code", "status"))
                .requireCriteria("Name the person (?patient.identifier=" + NhsNumber.SYSTEM + "|<NHS number>)");
        access.require(search);
        if (search.value("status") != null) {
            throw FhirException.invalid("status", "Observations are searched by person and code here, not status");
        }
        String code = search.value("code");
        if (code != null) {
            search.where("code = :code", "code", storedCode(code));
        }
        List<String> found = search.page(WardObservation.<WardObservation>find(search.conditions()
                + " order by effectiveAt desc, lastUpdated desc", search.parameters())).stream().map(o -> o.resource)
                .toList();
        return Bundles.searchSet(Observation.class, uri.getBaseUriBuilder().path("fhir").path("Observation").build()
                .toString(), uri, search, found);
    }

    private static String storedCode(String token) {
        String code = token.substring(token.indexOf('|') + 1);
        if (Monitoring.NEWS2_TOTAL.equals(code)) {
            return WardObservation.NEWS2;
        }
        for (Vital vital : Vital.values()) {
            if (code.equals(vital.loinc())) {
                return vital.name();
            }
        }
        throw FhirException.invalid("code", "Search by the NEWS2 total score (http://snomed.info/sct|"
                + Monitoring.NEWS2_TOTAL + ") or a vital sign's LOINC code: " + java.util.Arrays.stream(Vital.values())
                        .filter(v -> v.loinc() != null).map(Vital::loinc).collect(Collectors.joining(", ")));
    }

    private static OperationOutcome outcome(Monitoring.SetOutcome set) {
        if (set.news2() == null) {
            return OperationOutcomes.information("Recorded. NEWS2 not scored yet: the set lacks " + set.missing()
                    .stream().map(Vital::label).collect(Collectors.joining(", ")));
        }
        Observation news2 = Fhir.parse(Observation.class, set.news2().resource);
        return OperationOutcomes.information("Recorded and scored: NEWS2 " + set.news2().news2Score + " ("
                + news2.getInterpretationFirstRep().getText() + "), Observation/" + set.news2().id);
    }

    private static FhirException inEntry(int index, FhirException refusal) {
        return new FhirException(refusal.status(), refusal.issueType(), "Bundle.entry[" + index + "]: "
                + refusal.getMessage(), refusal.expression() == null ? "Bundle.entry[" + index + "]"
                        : "Bundle.entry[" + index + "].resource." + refusal.expression().replaceFirst("^Observation\\.?", ""));
    }
}
