package city.onetem.referrals;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.EventHandler;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.IdempotentConsumer;
import city.onetem.platform.events.InboundEvent;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.NhsNumber;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hl7.fhir.r4.model.CarePlan;
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

    @Inject
    IdempotentConsumer consumer;

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

    @Override
    public void apply(InboundEvent event) {
        if (applies(event.type())) {
            remember(event);
        }
    }

    private void remember(InboundEvent event) {
        CarePlan plan = event.resource(CarePlan.class);
        if (!consumer.isNewer(event, plan)) {
            return;
        }
        NhsNumber person = event.person(plan.getSubject().getIdentifier());
        PersonCarePlan known = PersonCarePlan.<PersonCarePlan>findByIdOptional(person.value()).orElseGet(() -> {
            PersonCarePlan created = new PersonCarePlan();
            created.nhsNumber = person.value();
            return created;
        });
        known.carePlanId = plan.getIdElement().getIdPart();
        known.version = Long.parseLong(plan.getMeta().getVersionId());
        known.status = plan.getStatus().toCode();
        known.persist();
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
