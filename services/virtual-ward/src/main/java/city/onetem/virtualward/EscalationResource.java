package city.onetem.virtualward;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.PatientSearch;
import city.onetem.platform.fhir.ResourceVersions;
import city.onetem.platform.store.Bundles;
import city.onetem.platform.store.StoredSearch;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Task;

/**
 * NEWS2 escalations: each a Flag on the person's record and a Task for the responsible clinician
 * (same id), searched by person; {@code $acknowledge} records the clinician who responds.
 */
@Path("/fhir")
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed({Roles.VIRTUAL_WARD, Roles.CARE_TEAM})
public class EscalationResource {

    @Context
    UriInfo uri;
    @Inject
    Escalations escalations;
    @Inject
    Caller caller;
    @Inject
    WardAccess access;

    @GET
    @Path("Flag/{id}")
    public Response flag(@PathParam("id") String id) {
        MissedReading missed = MissedReading.findById(id);
        if (missed != null) {
            access.require(missed.nhsNumber);
            return ResourceVersions.ok(missedFlag(missed), 1, Date.from(missed.raisedAt));
        }
        Escalation escalation = found(id, "Flag");
        return ResourceVersions.ok(escalation.flag, escalation.version, Date.from(escalation.lastUpdated));
    }

    @GET
    @Path("Task/{id}")
    public Response task(@PathParam("id") String id) {
        Escalation escalation = found(id, "Task");
        return ResourceVersions.ok(escalation.task, escalation.version, Date.from(escalation.lastUpdated));
    }

    /**
     * ?patient.identifier=<NHS number>, optionally &status=active (open or acknowledged) or inactive
     * (resolved): the person's NEWS2 escalations and missed-reading alerts, newest first. The ward's
     * clinicians, who look after everyone on the wards, may leave the person out with status=active:
     * every open escalation and alert on the wards, their worklist.
     */
    @GET
    @Path("Flag")
    public Bundle flags() {
        if (PatientSearch.nhsNumber(uri.getQueryParameters()) == null && caller.hasRole(Roles.VIRTUAL_WARD)) {
            return wardFlags();
        }
        StoredSearch search = search();
        List<Escalation> escalations = Escalation.<Escalation>find(search.jpql(), search.parameters()).list();
        String status = search.value("status");
        List<MissedReading> missed = MissedReading.<MissedReading>list("nhsNumber = ?1 order by raisedAt desc",
                PatientSearch.nhsNumber(uri.getQueryParameters()).value()).stream()
                .filter(m -> status == null || ("active".equals(status) == (m.resolvedAt == null))).toList();
        List<Map.Entry<Instant, String>> flags = new ArrayList<>();
        escalations.forEach(e -> flags.add(Map.entry(e.lastUpdated, e.flag)));
        missed.forEach(m -> flags.add(Map.entry(m.raisedAt, missedFlag(m))));
        flags.sort(Map.Entry.<Instant, String>comparingByKey().reversed());
        List<String> page = flags.stream().skip(search.offset()).limit(search.count() + 1L).map(Map.Entry::getValue)
                .toList();
        return Bundles.searchSet(Flag.class, base("Flag"), uri, search, page);
    }

    private Bundle wardFlags() {
        StoredSearch search = new StoredSearch(uri.getQueryParameters(), Set.of("status"));
        if (!"active".equals(search.value("status"))) {
            throw FhirException.invalid("status", "Without a person (?patient.identifier=" + NhsNumber.SYSTEM
                    + "|<NHS number>), the ward's open escalations and alerts are listed: ?status=active");
        }
        List<Map.Entry<Instant, String>> flags = new ArrayList<>();
        Escalation.<Escalation>list("status <> ?1", Escalation.RESOLVED).forEach(e -> {
            AuditTrail.about(e.nhsNumber);
            flags.add(Map.entry(e.raisedAt, e.flag));
        });
        MissedReading.<MissedReading>list("resolvedAt is null").forEach(m -> {
            AuditTrail.about(m.nhsNumber);
            flags.add(Map.entry(m.raisedAt, m.flag));
        });
        flags.sort(Map.Entry.<Instant, String>comparingByKey().reversed());
        List<String> page = flags.stream().skip(search.offset()).limit(search.count() + 1L).map(Map.Entry::getValue)
                .toList();
        return Bundles.searchSet(Flag.class, base("Flag"), uri, search, page);
    }

    /** The alert as it stands: inactive, with its end, once the next set was scored. */
    private static String missedFlag(MissedReading missed) {
        if (missed.resolvedAt == null) {
            return missed.flag;
        }
        Flag flag = Fhir.parse(Flag.class, missed.flag).setStatus(Flag.FlagStatus.INACTIVE);
        flag.getPeriod().setEnd(Date.from(missed.resolvedAt));
        return Fhir.toJson(flag);
    }


    /** ?patient.identifier=<NHS number>: the escalations' Tasks for the responsible clinician. */
    @GET
    @Path("Task")
    public Bundle tasks() {
        StoredSearch search = search();
        return Bundles.searchSet(Task.class, base("Task"), uri, search, rows(search).stream().map(e -> e.task).toList());
    }

    /** The clinician responding (the caller): 200 with the Flag's new version; 409 if it was acknowledged already. */
    @POST
    @Path("Flag/{id}/$acknowledge")
    @RolesAllowed(Roles.VIRTUAL_WARD)
    public Response acknowledge(@PathParam("id") String id) {
        Escalation escalation = escalations.acknowledge(id, caller.describe());
        return Response.fromResponse(ResourceVersions.ok(escalation.flag, escalation.version,
                Date.from(escalation.lastUpdated))).header("Content-Location",
                        ResourceVersions.location(uri, "Flag", escalation.id, escalation.version)).build();
    }

    private StoredSearch search() {
        StoredSearch search = new StoredSearch(uri.getQueryParameters(), Set.of("status"))
                .requireCriteria("Name the person (?patient.identifier=" + NhsNumber.SYSTEM + "|<NHS number>)");
        access.require(search);
        String status = search.value("status");
        if ("active".equals(status)) {
            search.where("status <> :resolved", "resolved", Escalation.RESOLVED);
        } else if ("inactive".equals(status)) {
            search.where("status = :resolved", "resolved", Escalation.RESOLVED);
        } else if (status != null) {
            throw FhirException.invalid("status", "status is active (open or acknowledged) or inactive (resolved)");
        }
        return search;
    }

    private static List<Escalation> rows(StoredSearch search) {
        return search.page(Escalation.<Escalation>find(search.jpql(), search.parameters()));
    }

    private Escalation found(String id, String type) {
        Escalation escalation = Escalation.findById(id);
        if (escalation == null) {
            throw FhirException.notFound(type, id);
        }
        access.require(escalation.nhsNumber);
        return escalation;
    }

    private String base(String type) {
        return uri.getBaseUriBuilder().path("fhir").path(type).build().toString();
    }
}
