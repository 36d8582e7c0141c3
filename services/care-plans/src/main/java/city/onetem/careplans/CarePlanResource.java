package city.onetem.careplans;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.ConditionalCreate;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Parameters;

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
    @Inject
    MdtReviews reviews;
    @Inject
    CareRelationships relationships;

    @GET
    @Path("{id}")
    public Response read(@PathParam("id") String id) {
        return ResourceReads.read(CarePlan.class, id, relationships.require(CarePlanRecord.findById(id)));
    }

    /** Update the whole plan; If-Match is required (428 without it, 412 on a stale version). */
    @PUT
    @Path("{id}")
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response update(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, CarePlan edited) {
        relationships.require(CarePlanRecord.findById(id));
        CarePlanRecord record = carePlans.update(id, ifMatch, edited, caller.describe());
        return ResourceReads.written(uri, "CarePlan", record);
    }

    @GET
    @Path("{id}/_history/{version}")
    public Response vread(@PathParam("id") String id, @PathParam("version") long version) {
        relationships.require(CarePlanRecord.findById(id));
        return ResourceReads.vread(CarePlan.class, id, version, CarePlanVersion.find(id, version));
    }

    @GET
    @Path("{id}/_history")
    public Bundle history(@PathParam("id") String id) {
        relationships.require(CarePlanRecord.findById(id));
        return ResourceReads.history(CarePlan.class, id, baseUrl(), CarePlanVersion.of(id));
    }

    /**
     * By person, status, the cluster holding the plan (a team's caseload), target group and
     * _lastUpdated; newest first. review-due=2026-12-01 lists plans whose anticipatory care plan is
     * due for review by then: the case list for a team's multi-disciplinary meeting.
     * cluster:missing=true, for the SPA only: the plans no team holds, to hand each to one.
     */
    @GET
    @RolesAllowed({Roles.CARE_TEAM, Roles.SPA})
    public Bundle search() {
        StoredSearch search = new StoredSearch(uri.getQueryParameters(), Set.of("cluster", "cluster:missing",
                "target-group", "review-due"));
        if (search.value("cluster:missing") != null || !caller.hasRole(Roles.CARE_TEAM)) {
            return Bundles.searchSet(CarePlan.class, baseUrl(), uri, search, unheld(search));
        }
        if (search.person() == null && search.value("cluster") == null) {
            throw FhirException.badRequest("Name the person (?patient.identifier=" + NhsNumber.SYSTEM
                    + "|<NHS number>) or your team (?cluster=<code>)");
        }
        if (search.person() != null) {
            relationships.require(search.person().value());
        }
        if (search.value("cluster") != null) {
            relationships.requireTeam(search.value("cluster"));
            search.where("cluster = :cluster", "cluster", search.value("cluster"));
            relationships.withoutRefusals(search);
        }
        if (search.value("target-group") != null) {
            search.where(":group member of targetGroups", "group", search.value("target-group"));
        }
        if (search.value("review-due") != null) {
            search.where("anticipatoryReview <= :due", "due", reviewDue(search.value("review-due")));
        }
        List<String> plans = search.page(CarePlanRecord.<CarePlanRecord>find(search.jpql(), search.parameters()))
                .stream().map(p -> p.resource).toList();
        return Bundles.searchSet(CarePlan.class, baseUrl(), uri, search, plans);
    }

    /**
     * The SPA's list of the plans no team holds (a hospital stay or a ward admission started them
     * for someone no referral has routed yet): 403 for anyone else, who would see people who are
     * not theirs. People who refused to share with the SPA's organisation are left out.
     */
    private List<String> unheld(StoredSearch search) {
        if (!caller.hasRole(Roles.SPA) || !"true".equals(search.value("cluster:missing"))) {
            throw FhirException.forbidden("The SPA lists the plans no team holds (?cluster:missing=true) and hands"
                    + " each to a team (POST CarePlan/{id}/$hand-over); a cluster team member searches their own"
                    + " people");
        }
        if (search.person() != null) {
            throw FhirException.forbidden(CareRelationships.NO_RELATIONSHIP);
        }
        search.where("cluster is null");
        relationships.withoutRefusals(search);
        return search.page(CarePlanRecord.<CarePlanRecord>find(search.jpql(), search.parameters()))
                .stream().map(p -> p.resource).toList();
    }

    /**
     * The SPA hands a plan no team holds to a cluster team (parameter 'cluster', its code in the
     * SPA's cluster map): that team then holds it, sees the person and follows their plan. 409 if
     * a team holds it already: that team hands it over by editing the plan.
     */
    @POST
    @Path("{id}/$hand-over")
    @RolesAllowed(Roles.SPA)
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response handOver(@PathParam("id") String id, Parameters body) {
        String cluster = new OperationParameters("$hand-over", body).requiredText("cluster",
                "the code of the cluster team that is to hold the plan, as in the SPA's cluster map");
        return ResourceReads.read(CarePlan.class, id, carePlans.handOver(id, cluster, caller.describe()));
    }

    /**
     * A plan for a person who has none yet; 409 naming their plan if they have one. With
     * If-None-Exist: identifier=system|value, 200 with the person's plan that carries it already.
     */
    @POST
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response create(CarePlan plan, @HeaderParam("If-None-Exist") String ifNoneExist) {
        ConditionalCreate condition = ConditionalCreate.parse("CarePlan", ifNoneExist, plan);
        return ResourceReads.created(uri, "CarePlan", carePlans.create(plan, caller.describe(), condition));
    }

    /**
     * A multi-disciplinary team meeting's review: 'attended' (each agency, repeated), 'summary',
     * optional 'nextReview' (valueDate) and 'action' (repeated, parts 'description', 'owner',
     * 'ownerIdentifier', 'due'), written back as Tasks. If-Match optional (412 if stale).
     */
    @POST
    @Path("{id}/$mdt-review")
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Response mdtReview(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        relationships.require(CarePlanRecord.findById(id));
        CarePlanRecord record = reviews.review(id, ifMatch, new OperationParameters("$mdt-review", body),
                caller.describe());
        return ResourceReads.read(CarePlan.class, id, record);
    }

    private static LocalDate reviewDue(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw FhirException.invalid("review-due", "review-due is a day, e.g. 2026-12-01: plans due for review by then");
        }
    }

    private String baseUrl() {
        return uri.getBaseUriBuilder().path("fhir").path("CarePlan").build().toString();
    }
}
