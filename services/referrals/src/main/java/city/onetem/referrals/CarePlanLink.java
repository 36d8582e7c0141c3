package city.onetem.referrals;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.relationships.PlanHolders;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Tell the story once: a referral shows the person's One Team care plan, as the SPA heard of it
 * from relationships.v1 ({@link PlanHolders}), when it is read.
 */
final class CarePlanLink {

    private CarePlanLink() {
    }

    /** Adds the person's active care plan, if they have one, to the referral as read now (not a new version). */
    static ServiceRequest withCarePlan(ServiceRequest referral, String nhsNumber) {
        PlanHolders.of(nhsNumber)
                .filter(plan -> "active".equals(plan.status))
                .ifPresent(plan -> referral.addSupportingInfo(new Reference().setType("CarePlan")
                        .setIdentifier(new Identifier().setSystem(CarePlanContract.CARE_PLAN_ID_SYSTEM)
                                .setValue(plan.carePlanId))
                        .setDisplay("One Team care plan")));
        return referral;
    }
}
