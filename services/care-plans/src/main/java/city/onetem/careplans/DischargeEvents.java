package city.onetem.careplans;

import city.onetem.platform.events.CareEventContract;
import city.onetem.platform.events.DischargePathway;
import city.onetem.platform.events.EventHandler;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.IdempotentConsumer;
import city.onetem.platform.events.InboundEvent;
import city.onetem.platform.events.PoisonEventException;
import city.onetem.platform.events.Topics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Date;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Task;

/**
 * Hospital stays from the discharge hubs on the person's plan: admitted, the discharge to assess
 * pathway once medically optimised, and the discharge itself with what happens next.
 */
@ApplicationScoped
public class DischargeEvents implements EventHandler {

    private static final java.util.Set<String> APPLIED = java.util.Set.of(EventTypes.DISCHARGE_ADMITTED,
            EventTypes.DISCHARGE_READMITTED, EventTypes.DISCHARGE_MEDICALLY_OPTIMISED, EventTypes.DISCHARGE_PATHWAY_ASSIGNED,
            EventTypes.DISCHARGE_DELAYED, EventTypes.DISCHARGE_DISCHARGED, EventTypes.DISCHARGE_REABLEMENT_STARTED,
            EventTypes.DISCHARGE_REABLEMENT_ENDED, EventTypes.DISCHARGE_DISCHARGE_CANCELLED,
            EventTypes.DISCHARGE_ADMISSION_CANCELLED);

    @Inject
    IdempotentConsumer consumer;
    @Inject
    CarePlans carePlans;
    @Inject
    Tasks tasks;

    @Incoming("discharges")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        consumer.consume(record, this);
    }

    @Override
    public String topic() {
        return Topics.DISCHARGES;
    }

    /** Every stage of a stay changes the plan; a type added later is passed over until it does. */
    @Override
    public boolean applies(String type) {
        return APPLIED.contains(type);
    }

    @Override
    public void apply(InboundEvent event) {
        if (applies(event.type())) {
            stayChanged(event);
        }
    }

    private void stayChanged(InboundEvent event) {
        Encounter stay = event.resource(Encounter.class);
        if (!consumer.isNewer(event, stay)) {
            return;
        }
        String hospital = stay.getServiceProvider().hasDisplay() ? stay.getServiceProvider().getDisplay() : "hospital";
        String display;
        String transition = null;
        String since = "In " + hospital + " since " + PlanActivities.day(stay.getPeriod().getStart());
        switch (event.type()) {
            case EventTypes.DISCHARGE_ADMITTED -> display = since;
            case EventTypes.DISCHARGE_READMITTED -> {
                display = since + ", readmitted within 91 days of a discharge";
                transition = "readmitted to " + hospital + " within 91 days of leaving hospital";
            }
            case EventTypes.DISCHARGE_MEDICALLY_OPTIMISED -> display = "In " + hospital + ", medically optimised since "
                    + PlanActivities.day(optimised(stay)) + ": ready to leave, awaiting a discharge to assess pathway";
            case EventTypes.DISCHARGE_DELAYED -> display = "In " + hospital + ", medically optimised since "
                    + PlanActivities.day(optimised(stay)) + ": " + delay(stay)
                    + (hasPathway(stay) ? ", " + pathway(stay, event) : "");
            case EventTypes.DISCHARGE_REABLEMENT_STARTED -> display = "Home from " + hospital + " with reablement since "
                    + PlanActivities.day(reablement(stay, "started"));
            case EventTypes.DISCHARGE_REABLEMENT_ENDED -> {
                display = "Reablement ended on " + PlanActivities.day(reablement(stay, "ended")) + ": "
                        + reablementOutcome(stay);
                transition = "reablement ended: " + reablementOutcome(stay);
            }
            case EventTypes.DISCHARGE_DISCHARGE_CANCELLED -> {
                display = "In " + hospital + " since " + PlanActivities.day(stay.getPeriod().getStart());
                transition = "the discharge from " + hospital + " was cancelled: still in hospital";
            }
            case EventTypes.DISCHARGE_ADMISSION_CANCELLED -> {
                display = "Admission to " + hospital + " cancelled by the hospital (recorded in error)";
                transition = "the admission to " + hospital + " was cancelled by the hospital";
            }
            case EventTypes.DISCHARGE_PATHWAY_ASSIGNED -> display = "In " + hospital + ", medically optimised; discharge to assess "
                    + pathway(stay, event);
            default -> {
                // A simple discharge (no discharge to assess) has no pathway.
                DischargePathway pathway = hasPathway(stay) ? pathway(stay, event) : null;
                Date left = stay.getPeriod().hasEnd() ? stay.getPeriod().getEnd() : Date.from(event.time());
                String how = pathway == null ? "" : " on " + pathway;
                display = "Discharged from " + hospital + " on " + PlanActivities.day(left) + (pathway == null ? "" : ", " + pathway);
                transition = "left " + hospital + " on " + PlanActivities.day(left) + how + ": "
                        + (pathway == null ? "no discharge to assess pathway recorded; the GP and cluster team are told"
                                : nextStep(pathway));
            }
        }
        String finalDisplay = display;
        String finalTransition = transition;
        Consumer<CarePlan> onPlan = plan -> {
            PlanActivities.show(plan, CareEventContract.HOSPITAL_STAY_ID_SYSTEM, stay.getIdElement().getIdPart(),
                    "Encounter", finalDisplay);
            if (finalTransition != null) {
                PlanActivities.transition(plan, Date.from(event.time()), finalTransition, "discharge hub");
            }
        };
        var person = event.person(stay.getSubject().getIdentifier());
        carePlans.change(person, CarePlans.changedBy(event), onPlan);
        if (EventTypes.DISCHARGE_PATHWAY_ASSIGNED.equals(event.type()) && pathway(stay, event) != DischargePathway.HOME) {
            // Discharge to assess is pulled by the community: someone must arrange what the pathway needs.
            Task arrange = new Task()
                    .setStatus(Task.TaskStatus.REQUESTED)
                    .setIntent(Task.TaskIntent.ORDER)
                    .setDescription("Arrange discharge to assess, " + pathway(stay, event) + ": "
                            + nextStep(pathway(stay, event)));
            tasks.add(person, arrange, event.source() + "|Encounter/" + stay.getIdElement().getIdPart() + "|arrange",
                    CarePlans.changedBy(event));
        }
    }

    private static Date optimised(Encounter stay) {
        Extension extension = stay.getExtensionByUrl(CareEventContract.MEDICALLY_OPTIMISED_EXTENSION);
        return extension != null && extension.getValue() instanceof DateTimeType when ? when.getValue() : null;
    }

    /** "3 days delayed: awaiting a package of care at home", from the delay extension. */
    private static String delay(Encounter stay) {
        Extension delay = stay.getExtensionByUrl(CareEventContract.DELAY_EXTENSION);
        if (delay == null) {
            return "delayed";
        }
        Extension days = delay.getExtensionByUrl("days");
        Extension reason = delay.getExtensionByUrl("reason");
        int count = days != null && days.getValue() instanceof IntegerType number ? number.getValue() : 0;
        String why = reason != null && reason.getValue() instanceof Coding coding ? coding.getDisplay() : "reason not recorded";
        return count + (count == 1 ? " day" : " days") + " delayed (" + why + ")";
    }

    private static Date reablement(Encounter stay, String part) {
        Extension reablement = stay.getExtensionByUrl(CareEventContract.REABLEMENT_EXTENSION);
        Extension when = reablement == null ? null : reablement.getExtensionByUrl(part);
        return when != null && when.getValue() instanceof DateTimeType time ? time.getValue() : null;
    }

    private static String reablementOutcome(Encounter stay) {
        Extension reablement = stay.getExtensionByUrl(CareEventContract.REABLEMENT_EXTENSION);
        Extension outcome = reablement == null ? null : reablement.getExtensionByUrl("outcome");
        return outcome != null && outcome.getValue() instanceof Coding coding ? coding.getDisplay() : "outcome not recorded";
    }

    private static boolean hasPathway(Encounter stay) {
        return stay.getExtensionByUrl(CareEventContract.PATHWAY_EXTENSION) != null;
    }

    private static DischargePathway pathway(Encounter stay, InboundEvent event) {
        Extension extension = stay.getExtensionByUrl(CareEventContract.PATHWAY_EXTENSION);
        if (extension == null || !(extension.getValue() instanceof IntegerType number)) {
            throw new PoisonEventException("Event " + event.id() + " (" + event.type() + ") has no D2A pathway: extension "
                    + CareEventContract.PATHWAY_EXTENSION + " with valueInteger 0-3");
        }
        return DischargePathway.of(number.getValue()).orElseThrow(() -> new PoisonEventException(
                "Event " + event.id() + ": D2A pathway " + number.getValue() + " is not 0-3"));
    }

    /** What the community teams do next, by pathway. */
    private static String nextStep(DischargePathway pathway) {
        return switch (pathway) {
            case HOME -> "home with no new support; the GP and cluster team are told";
            case HOME_WITH_SUPPORT -> "reablement or rehabilitation at home starts, then an assessment at home";
            case SHORT_TERM_BED -> "short-term bedded rehabilitation, then an assessment for going home";
            case LONG_TERM_CARE -> "long-term 24-hour care; the care home and cluster team review the plan";
        };
    }
}
