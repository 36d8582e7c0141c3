package city.onetem.platform.relationships;

import city.onetem.platform.access.Caller;
import city.onetem.platform.events.EventHandler;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.IdempotentConsumer;
import city.onetem.platform.events.InboundEvent;
import city.onetem.platform.events.PoisonEventException;
import city.onetem.platform.events.ReferralContract;
import city.onetem.platform.events.Topics;
import city.onetem.platform.store.StoredSearch;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Learns from relationships.v1 ({@link PlanRelationships}) who has a One Team care plan, which
 * cluster team holds it ({@link PlanHolder}), whom their CareTeams name ({@link CareTeamMember})
 * and what each person refused to share ({@link Objections}). A service consumes relationships.v1 with this handler
 * ({@link PlanHolderConsumer}) and then applies the care relationships without asking
 * care-plans: a cluster team sees the people whose plan it holds.
 */
@ApplicationScoped
public class PlanHolders implements EventHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    @Override
    public String topic() {
        return Topics.RELATIONSHIPS;
    }

    @Override
    public boolean applies(String type) {
        return EventTypes.CAREPLAN_RELATIONSHIPS.equals(type);
    }

    /** Remembering a plan's relationships is one versioned statement: a replay or a late version changes nothing. */
    @Override
    public Guard guard() {
        return Guard.ONE_STATEMENT;
    }

    @Override
    public void apply(InboundEvent event) {
        applyAll(List.of(event));
    }

    /** A poll's events as one batch of statements on one connection: one round trip, not one per event. */
    @Override
    public void applyAll(List<InboundEvent> events) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(REMEMBER)) {
            for (InboundEvent event : events) {
                remember(event, heard(event), connection, upsert);
                upsert.addBatch();
            }
            upsert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the care plans of " + events.size() + " events ("
                    + events.get(0).id() + " first): " + e.getMessage(), e);
        }
    }

    /**
     * Whether a cluster team member has a care relationship with the person, as care-plans says:
     * one of their teams holds the person's plan, or the person's CareTeam names them or one of
     * their teams.
     */
    public static boolean related(String nhsNumber, Caller caller) {
        Set<String> teams = caller.teams();
        return nhsNumber != null && (!teams.isEmpty() && PlanHolder.<PlanHolder>findByIdOptional(nhsNumber)
                .map(holder -> holder.cluster != null && teams.contains(holder.cluster)).orElse(false)
                || CareTeamMember.count("nhsNumber = ?1 and member in ?2", nhsNumber, identities(caller)) > 0);
    }

    /**
     * Adds {@link #related}'s alternatives to a search's (JPQL on the entity's nhsNumber), binding
     * their parameters, so that the query itself finds and counts only the member's people.
     */
    public static void related(List<String> alternatives, StoredSearch search, Caller caller) {
        if (!caller.teams().isEmpty()) {
            alternatives.add("nhsNumber in (select h.nhsNumber from PlanHolder h where h.cluster in :myTeams)");
            search.bind("myTeams", caller.teams());
        }
        alternatives.add("nhsNumber in (select m.nhsNumber from CareTeamMember m where m.member in :myIdentities)");
        search.bind("myIdentities", identities(caller));
    }

    /** How a CareTeam names the caller: as a user, and as each of their cluster teams. */
    private static List<String> identities(Caller caller) {
        List<String> identities = new ArrayList<>();
        if (caller.id() != null) {
            identities.add(Caller.USER_SYSTEM + "|" + caller.id());
        }
        caller.teams().forEach(team -> identities.add(ReferralContract.CLUSTER_SYSTEM + "|" + team));
        return identities;
    }

    /** The person's plan as last heard of. */
    public static Optional<PlanHolder> of(String nhsNumber) {
        return PlanHolder.findByIdOptional(nhsNumber);
    }

    private static PlanRelationships heard(InboundEvent event) {
        JsonNode plan;
        try {
            plan = JSON.readTree(event.payload());
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("Event " + event.id() + " (" + event.type() + ") does not carry a FHIR "
                    + "CarePlan: " + e.getOriginalMessage(), e);
        }
        if (!"CarePlan".equals(plan.path("resourceType").asText())) {
            throw new PoisonEventException("Event " + event.id() + " (" + event.type() + ") does not carry a FHIR "
                    + "CarePlan");
        }
        PlanRelationships heard = PlanRelationships.of(plan);
        if (heard.carePlanId() == null || heard.carePlanId().isBlank() || heard.version() < 1
                || heard.status() == null) {
            throw new PoisonEventException("Event " + event.id() + " carries a CarePlan without id, status or a"
                    + " numeric meta.versionId");
        }
        if (heard.objections().stream().anyMatch(o -> o.consent() == null || o.recipient() == null)) {
            throw new PoisonEventException("Event " + event.id() + " carries an objection to sharing without its"
                    + " consent or recipient");
        }
        JsonNode subject = plan.path("subject").path("identifier");
        event.person(new Identifier().setSystem(subject.path("system").asText(null)).setValue(heard.nhsNumber()));
        return heard;
    }

    /**
     * Records the plan, its holding team and the person's objections if this version is newer than
     * any heard before: the version moves forward in applied_version and the person's rows follow,
     * in one statement.
     */
    private static final String REMEMBER = "with advanced as (" + IdempotentConsumer.ADVANCE_VERSION
            + " returning version),\n" + """
            held as (insert into plan_holder (nhs_number, care_plan_id, version, status, cluster)
                select ?, ?, version, ?, ? from advanced
                on conflict (nhs_number) do update
                set care_plan_id = excluded.care_plan_id, version = excluded.version, status = excluded.status,
                    cluster = excluded.cluster),
            gone as (delete from sharing_objection where nhs_number = ? and exists (select 1 from advanced)),
            left_team as (delete from care_team_member where nhs_number = ? and exists (select 1 from advanced)),
            named as (insert into care_team_member (nhs_number, member)
                select ?, m.member from advanced, unnest(?::text[]) as m(member))
            insert into sharing_objection (consent_id, nhs_number, recipient, keeper)
            select r.consent, ?, r.recipient, r.keeper
            from advanced, unnest(?::text[], ?::text[], ?::text[]) as r(consent, recipient, keeper)""";

    /** Binds {@link #REMEMBER}'s parameters for this event. */
    private static void remember(InboundEvent event, PlanRelationships plan, Connection connection,
            PreparedStatement upsert) throws SQLException {
        upsert.setString(1, IdempotentConsumer.appliedVersionRef(event, "CarePlan", plan.carePlanId()));
        upsert.setLong(2, plan.version());
        upsert.setString(3, plan.nhsNumber());
        upsert.setString(4, plan.carePlanId());
        upsert.setString(5, plan.status());
        upsert.setString(6, plan.cluster());
        upsert.setString(7, plan.nhsNumber());
        upsert.setString(8, plan.nhsNumber());
        upsert.setString(9, plan.nhsNumber());
        upsert.setArray(10, connection.createArrayOf("text", plan.members().toArray()));
        upsert.setString(11, plan.nhsNumber());
        upsert.setArray(12, connection.createArrayOf("text", plan.objections().stream()
                .map(o -> o.consent().substring(o.consent().lastIndexOf('/') + 1)).toArray()));
        upsert.setArray(13, connection.createArrayOf("text", plan.objections().stream()
                .map(PlanRelationships.Objection::recipient).toArray()));
        upsert.setArray(14, connection.createArrayOf("text", plan.objections().stream()
                .map(PlanRelationships.Objection::keeper).toArray()));
    }
}
