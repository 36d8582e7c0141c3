package city.onetem.careplans;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.ReferralContract;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.relationships.PersonAccess;
import city.onetem.platform.relationships.Objections;
import city.onetem.platform.store.StoredSearch;
import city.onetem.platform.store.VersionedResource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Who may see and change whose One Team plan: a member of a cluster team, for the people whose
 * plan their team holds (the plan's cluster) and the people whose care team names them or their
 * team. Everyone else is refused with the same words whether the person exists or not.
 */
@RequestScoped
public class CareRelationships {

    static final String NO_RELATIONSHIP = "You have no care relationship with this person: their plan is held by"
            + " another team, or they have none yet. If you are starting their care, create their plan"
            + " (POST /fhir/CarePlan)";

    @Inject
    Caller caller;
    @Inject
    EntityManager entities;
    @Inject
    PersonAccess access;

    private final Map<String, Boolean> known = new HashMap<>();

    /**
     * Whether the caller has a care relationship with this person that the person has not refused
     * (an objection to sharing with the caller's organisation), or emergency access to them (break glass).
     */
    public boolean covers(String nhsNumber) {
        return access.allows(nhsNumber, related(nhsNumber));
    }

    /** When the caller's access to this person ends: never (empty), or when their emergency access does. */
    public Optional<Instant> accessEndsAt(String nhsNumber) {
        return access.endsAt(nhsNumber, related(nhsNumber));
    }

    private boolean related(String nhsNumber) {
        return caller.hasRole(Roles.CARE_TEAM)
                && known.computeIfAbsent(nhsNumber, person -> heldByTeam(person) || onCareTeam(person));
    }

    /** 403 unless the caller has a care relationship with this person; the access is audited as theirs. */
    public void require(String nhsNumber) {
        AuditTrail.about(nhsNumber);
        if (!covers(nhsNumber)) {
            throw FhirException.forbidden(NO_RELATIONSHIP);
        }
    }

    /** The record, once the caller is allowed it; null (not found) passes for the caller to answer 404. */
    public <R extends VersionedResource> R require(R record) {
        if (record != null) {
            require(record.nhsNumber);
        }
        return record;
    }

    /**
     * For a new record of this person: theirs, or a person with no plan at all, whose plan the
     * caller's team will then hold ({@link #hold}).
     */
    public void requireOrNew(String nhsNumber) {
        AuditTrail.about(nhsNumber);
        if (!covers(nhsNumber) && (!caller.hasRole(Roles.CARE_TEAM) || hasPlan(nhsNumber))) {
            throw FhirException.forbidden(NO_RELATIONSHIP);
        }
    }

    /** 403 unless the caller works in this cluster team. */
    public void requireTeam(String cluster) {
        if (!caller.teams().contains(cluster)) {
            throw FhirException.forbidden("You are not a member of the " + cluster + " cluster team");
        }
    }

    /** Leaves out of a team's list the people who refused to share with the caller's organisation. */
    public void withoutRefusals(StoredSearch search) {
        search.where(Objections.NOT_REFUSING_ME);
        Objections.bindMe(search, caller.organisation());
    }

    /**
     * A new plan that names no team is held by the caller's: a plan nobody holds would be lost to
     * every team, its maker's included.
     */
    public void hold(CarePlan plan) {
        if (plan.getExtensionByUrl(CarePlanContract.CLUSTER_EXTENSION) != null || !caller.hasRole(Roles.CARE_TEAM)) {
            return;
        }
        if (caller.teams().size() != 1) {
            throw FhirException.businessRule("Name the cluster team that holds this plan: extension "
                    + CarePlanContract.CLUSTER_EXTENSION + " (valueIdentifier " + ReferralContract.CLUSTER_SYSTEM
                    + "|<code>), one of your teams " + caller.teams());
        }
        plan.addExtension(CarePlanContract.CLUSTER_EXTENSION, new Identifier()
                .setSystem(ReferralContract.CLUSTER_SYSTEM).setValue(caller.teams().iterator().next()));
    }

    /**
     * Narrows a search not named by person to the caller's people, in the query itself, so that
     * neither the results nor the total can include anyone else's.
     */
    public void restrict(StoredSearch search) {
        List<String> conditions = new ArrayList<>();
        Set<String> teams = caller.teams();
        if (caller.hasRole(Roles.CARE_TEAM) && !teams.isEmpty()) {
            conditions.add("nhsNumber in (select p.nhsNumber from CarePlanRecord p where p.cluster in :myTeams)");
            search.bind("myTeams", teams);
        }
        List<String> members = caller.hasRole(Roles.CARE_TEAM) ? careTeamsNaming() : List.of();
        if (!members.isEmpty()) {
            conditions.add("nhsNumber in :myPeople");
            search.bind("myPeople", members);
        }
        access.restrict(search, List.of(), conditions);
    }

    private boolean heldByTeam(String nhsNumber) {
        Set<String> teams = caller.teams();
        return !teams.isEmpty() && !entities.createQuery("select 1 from CarePlanRecord p where p.nhsNumber = :person"
                + " and p.cluster in :teams").setParameter("person", nhsNumber).setParameter("teams", teams)
                .setMaxResults(1).getResultList().isEmpty();
    }

    private boolean onCareTeam(String nhsNumber) {
        return !entities.createNativeQuery("select 1 from plan_part where nhs_number = :person and resource_type ="
                + " 'CareTeam' and cast(resource as jsonb) @> any (cast(:members as jsonb[])) limit 1")
                .setParameter("person", nhsNumber).setParameter("members", memberships()).getResultList().isEmpty();
    }

    /** The people whose care team names the caller or one of their teams. */
    @SuppressWarnings("unchecked")
    private List<String> careTeamsNaming() {
        return entities.createNativeQuery("select distinct nhs_number from plan_part where resource_type = 'CareTeam'"
                + " and cast(resource as jsonb) @> any (cast(:members as jsonb[]))")
                .setParameter("members", memberships()).getResultList();
    }

    private boolean hasPlan(String nhsNumber) {
        return !CarePlanRecord.forPerson(nhsNumber).isEmpty();
    }

    /** CareTeam participants that are the caller: as a user, or as one of their cluster teams. */
    private String[] memberships() {
        List<String> members = new ArrayList<>();
        members.add(participant(Caller.USER_SYSTEM, caller.id()));
        for (String team : caller.teams()) {
            members.add(participant(ReferralContract.CLUSTER_SYSTEM, team));
        }
        return members.toArray(String[]::new);
    }

    private static String participant(String system, String value) {
        return "{\"participant\":[{\"member\":{\"identifier\":{\"system\":\"" + json(system) + "\",\"value\":\""
                + json(value) + "\"}}}]}";
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
