package city.onetem.referrals;

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
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Learns from careplans.v1 who has a One Team care plan, and shows it on their referrals
 * (ServiceRequest.supportingInfo) when they are read: tell the story once.
 */
@ApplicationScoped
public class CarePlanEvents implements EventHandler {

    private static final Set<String> PLAN_CHANGES = Set.of(EventTypes.CAREPLAN_CREATED, EventTypes.CAREPLAN_UPDATED);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    IdempotentConsumer consumer;
    @Inject
    AgroalDataSource dataSource;

    @Incoming("careplans")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        consumer.consume(record, this);
    }

    @Override
    public String topic() {
        return Topics.CARE_PLANS;
    }

    /** Care team, part and task events say nothing about which plan a person has. */
    @Override
    public boolean applies(String type) {
        return PLAN_CHANGES.contains(type);
    }

    /** Remembering a plan is one versioned upsert: a replay or a late version changes nothing. */
    @Override
    public Guard guard() {
        return Guard.ONE_STATEMENT;
    }

    @Override
    public void apply(InboundEvent event) {
        if (applies(event.type())) {
            remember(event, HeardPlan.of(event));
        }
    }

    /**
     * What the SPA keeps of a plan, read from the event without building the whole CarePlan (it
     * grows with every referral and task on it): its id, version, status and person.
     */
    private record HeardPlan(String id, long version, String status, NhsNumber person) {

        static HeardPlan of(InboundEvent event) {
            JsonNode plan;
            try {
                plan = JSON.readTree(event.payload());
            } catch (JsonProcessingException e) {
                throw new PoisonEventException("Event " + event.id() + " (" + event.type()
                        + ") does not carry a FHIR CarePlan: " + e.getOriginalMessage(), e);
            }
            if (!"CarePlan".equals(plan.path("resourceType").asText())) {
                throw new PoisonEventException("Event " + event.id() + " (" + event.type()
                        + ") does not carry a FHIR CarePlan");
            }
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
            return new HeardPlan(id, version, status, person);
        }
    }

    /**
     * Records the plan as the person's if it is newer than any version of it heard before: the
     * version moves forward in applied_version and the person's row follows, in one statement.
     */
    private void remember(InboundEvent event, HeardPlan plan) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement upsert = connection.prepareStatement(
                "with advanced as (" + IdempotentConsumer.ADVANCE_VERSION + " returning version)\n" + """
                insert into person_care_plan (nhs_number, care_plan_id, version, status)
                select ?, ?, version, ? from advanced
                on conflict (nhs_number) do update
                set care_plan_id = excluded.care_plan_id, version = excluded.version, status = excluded.status""")) {
            upsert.setString(1, IdempotentConsumer.appliedVersionRef(event, "CarePlan", plan.id()));
            upsert.setLong(2, plan.version());
            upsert.setString(3, plan.person().value());
            upsert.setString(4, plan.id());
            upsert.setString(5, plan.status());
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the care plan of event " + event.id() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Adds the person's active care plan, if they have one, to the referral as read now (not a new version). */
    public static ServiceRequest withCarePlan(ServiceRequest referral, String nhsNumber) {
        PersonCarePlan.<PersonCarePlan>findByIdOptional(nhsNumber)
                .filter(plan -> "active".equals(plan.status))
                .ifPresent(plan -> referral.addSupportingInfo(new Reference().setType("CarePlan")
                        .setIdentifier(new Identifier().setSystem(CarePlanContract.CARE_PLAN_ID_SYSTEM)
                                .setValue(plan.carePlanId))
                        .setDisplay("One Team care plan (version " + plan.version + ")")));
        return referral;
    }
}
