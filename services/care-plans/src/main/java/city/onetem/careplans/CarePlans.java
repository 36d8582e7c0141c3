package city.onetem.careplans;

import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.NhsNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanIntent;
import org.hl7.fhir.r4.model.CarePlan.CarePlanStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Keeps one active care plan per person and publishes each change through the outbox: a new
 * plan as careplan.created.v1, every later version as careplan.updated.v1.
 */
@ApplicationScoped
public class CarePlans {

    @Inject
    Outbox outbox;

    /** Applies a change to the person's active plan, creating the plan first if they have none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CarePlanRecord change(NhsNumber person, String changedBy, Consumer<CarePlan> change) {
        CarePlanRecord record = CarePlanRecord.activeFor(person.value());
        boolean created = record == null;
        CarePlan plan;
        if (created) {
            record = new CarePlanRecord();
            record.id = UUID.randomUUID().toString();
            record.nhsNumber = person.value();
            record.status = CarePlanRecord.ACTIVE;
            plan = newPlan(person);
        } else {
            plan = Fhir.parse(CarePlan.class, record.resource);
        }
        change.accept(plan);
        record.write(plan, new CarePlanVersion(), changedBy);
        outbox.publish(new OutboundEvent(Topics.CARE_PLANS,
                created ? EventTypes.CAREPLAN_CREATED : EventTypes.CAREPLAN_UPDATED, person,
                "CarePlan/" + record.id, plan));
        return record;
    }

    private static CarePlan newPlan(NhsNumber person) {
        CarePlan plan = new CarePlan()
                .setStatus(CarePlanStatus.ACTIVE)
                .setIntent(CarePlanIntent.PLAN)
                .setTitle("One Team care plan")
                .setCreated(new Date())
                .setSubject(new Reference().setType("Patient")
                        .setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(person.value())));
        plan.addCategory().setText("One Team shared care plan");
        return plan;
    }
}
