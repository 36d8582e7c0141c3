package city.onetem.platform.relationships;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.EventHandler;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.IdempotentConsumer;
import city.onetem.platform.events.InboundEvent;
import city.onetem.platform.events.PoisonEventException;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.NhsNumber;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Learns from careplans.v1 who has a One Team care plan and which cluster team holds it
 * ({@link PlanHolder}), and what each person refused to share ({@link Objections}). A service consumes careplans.v1 with this handler (its own
 * {@code @Incoming} method passes each record to the {@link IdempotentConsumer}) and then applies
 * the care relationships without asking care-plans: a cluster team sees the people whose plan it
 * holds.
 */
@ApplicationScoped
public class PlanHolders implements EventHandler {

    private static final Set<String> PLAN_CHANGES = Set.of(EventTypes.CAREPLAN_CREATED, EventTypes.CAREPLAN_UPDATED);
    private static final Set<String> CONSENT_CHANGES = Set.of(EventTypes.CONSENT_CREATED, EventTypes.CONSENT_UPDATED);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    @Override
    public String topic() {
        return Topics.CARE_PLANS;
    }

    /** Plans and objections to sharing; care team, part and task events say nothing of who may see whom. */
    @Override
    public boolean applies(String type) {
        return PLAN_CHANGES.contains(type) || CONSENT_CHANGES.contains(type);
    }

    /** Remembering a plan or an objection is one versioned statement: a replay or a late version changes nothing. */
    @Override
    public Guard guard() {
        return Guard.ONE_STATEMENT;
    }

    @Override
    public void apply(InboundEvent event) {
        if (PLAN_CHANGES.contains(event.type())) {
            remember(event, HeardPlan.of(event));
        } else if (CONSENT_CHANGES.contains(event.type())) {
            rememberObjection(event);
        }
    }

    /** Whether a team among {@code teams} holds the person's plan. */
    public static boolean heldByOneOf(String nhsNumber, Collection<String> teams) {
        return nhsNumber != null && !teams.isEmpty() && PlanHolder.<PlanHolder>findByIdOptional(nhsNumber)
                .map(holder -> holder.cluster != null && teams.contains(holder.cluster)).orElse(false);
    }

    /** The JPQL condition (parameter {@code :myTeams}) for "the person's plan is held by one of my teams". */
    public static final String HELD_BY_MY_TEAMS = "nhsNumber in (select h.nhsNumber from PlanHolder h"
            + " where h.cluster in :myTeams)";

    /** The person's plan as last heard of. */
    public static Optional<PlanHolder> of(String nhsNumber) {
        return PlanHolder.findByIdOptional(nhsNumber);
    }

    /**
     * What is kept of a plan, read from the event without building the whole CarePlan (it grows
     * with every referral and task on it): its id, version, status, person and holding team.
     */
    private record HeardPlan(String id, long version, String status, NhsNumber person, String cluster) {

        static HeardPlan of(InboundEvent event) {
            JsonNode plan = json(event, "CarePlan");
            String id = plan.path("id").asText(null);
            long version = plan.path("meta").path("versionId").asLong(-1);
            String status = plan.path("status").asText(null);
            if (id == null || id.isBlank() || version < 1 || status == null) {
                throw new PoisonEventException("Event " + event.id() + " carries a CarePlan without id, status or a"
                        + " numeric meta.versionId");
            }
            JsonNode subject = plan.path("subject").path("identifier");
            NhsNumber person = event.person(new Identifier().setSystem(subject.path("system").asText(null))
                    .setValue(subject.path("value").asText(null)));
            return new HeardPlan(id, version, status, person, cluster(plan));
        }

        private static String cluster(JsonNode plan) {
            for (JsonNode extension : plan.path("extension")) {
                if (CarePlanContract.CLUSTER_EXTENSION.equals(extension.path("url").asText())) {
                    return extension.path("valueIdentifier").path("value").asText(null);
                }
            }
            return null;
        }
    }

    /**
     * Replaces what the person's Consent refuses ({@link Objections}) if this version is newer than
     * any heard before: the version moves forward and the rows follow, in one statement.
     */
    private void rememberObjection(InboundEvent event) {
        JsonNode consent = json(event, "Consent");
        String id = consent.path("id").asText(null);
        long version = consent.path("meta").path("versionId").asLong(-1);
        if (id == null || id.isBlank() || version < 1) {
            throw new PoisonEventException("Event " + event.id() + " carries a Consent without id or a numeric"
                    + " meta.versionId");
        }
        JsonNode patient = consent.path("patient").path("identifier");
        NhsNumber person = event.person(new Identifier().setSystem(patient.path("system").asText(null))
                .setValue(patient.path("value").asText(null)));
        List<Objections.Rule> rules = Objections.of(consent);
        try (Connection connection = dataSource.getConnection(); PreparedStatement replace = connection.prepareStatement(
                "with advanced as (" + IdempotentConsumer.ADVANCE_VERSION + " returning version),\n" + """
                gone as (delete from sharing_objection where consent_id = ? and exists (select 1 from advanced))
                insert into sharing_objection (consent_id, nhs_number, recipient, keeper)
                select ?, ?, r.recipient, r.keeper from advanced, unnest(?::text[], ?::text[]) as r(recipient, keeper)""")) {
            replace.setString(1, IdempotentConsumer.appliedVersionRef(event, "Consent", id));
            replace.setLong(2, version);
            replace.setString(3, id);
            replace.setString(4, id);
            replace.setString(5, person.value());
            replace.setArray(6, connection.createArrayOf("text", rules.stream().map(Objections.Rule::recipient)
                    .toArray()));
            replace.setArray(7, connection.createArrayOf("text", rules.stream().map(Objections.Rule::keeper)
                    .toArray()));
            replace.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the objection of event " + event.id() + ": "
                    + e.getMessage(), e);
        }
    }

    private static JsonNode json(InboundEvent event, String type) {
        JsonNode resource;
        try {
            resource = JSON.readTree(event.payload());
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("Event " + event.id() + " (" + event.type() + ") does not carry a FHIR "
                    + type + ": " + e.getOriginalMessage(), e);
        }
        if (!type.equals(resource.path("resourceType").asText())) {
            throw new PoisonEventException("Event " + event.id() + " (" + event.type() + ") does not carry a FHIR "
                    + type);
        }
        return resource;
    }

    /**
     * Records the plan as the person's if it is newer than any version of it heard before: the
     * version moves forward in applied_version and the person's row follows, in one statement.
     */
    private void remember(InboundEvent event, HeardPlan plan) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement upsert = connection.prepareStatement(
                "with advanced as (" + IdempotentConsumer.ADVANCE_VERSION + " returning version)\n" + """
                insert into plan_holder (nhs_number, care_plan_id, version, status, cluster)
                select ?, ?, version, ?, ? from advanced
                on conflict (nhs_number) do update
                set care_plan_id = excluded.care_plan_id, version = excluded.version, status = excluded.status,
                    cluster = excluded.cluster""")) {
            upsert.setString(1, IdempotentConsumer.appliedVersionRef(event, "CarePlan", plan.id()));
            upsert.setLong(2, plan.version());
            upsert.setString(3, plan.person().value());
            upsert.setString(4, plan.id());
            upsert.setString(5, plan.status());
            upsert.setString(6, plan.cluster());
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the care plan of event " + event.id() + ": "
                    + e.getMessage(), e);
        }
    }
}
