package city.onetem.careplans;

import city.onetem.platform.events.CareEventContract;
import city.onetem.platform.events.EventHandler;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.IdempotentConsumer;
import city.onetem.platform.events.InboundEvent;
import city.onetem.platform.events.News2Risk;
import city.onetem.platform.events.PoisonEventException;
import city.onetem.platform.events.Topics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Date;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Task;

/**
 * Virtual ward stays on the person's plan: admitted, NEWS2 escalations as urgent tasks for the
 * responsible clinician, and the end of the stay with what happens next.
 */
@ApplicationScoped
public class VirtualWardEvents implements EventHandler {

    private static final java.util.Set<String> APPLIED = java.util.Set.of(EventTypes.VIRTUALWARD_ADMITTED,
            EventTypes.VIRTUALWARD_DISCHARGED, EventTypes.VIRTUALWARD_ESCALATED);

    @Inject
    IdempotentConsumer consumer;
    @Inject
    CarePlans carePlans;
    @Inject
    Tasks tasks;

    @Incoming("virtualward")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        consumer.consume(record, this);
    }

    @Override
    public String topic() {
        return Topics.VIRTUAL_WARD;
    }

    /** Only these change the plan; readings, scores and the rest are passed over. */
    @Override
    public boolean applies(String type) {
        return APPLIED.contains(type);
    }

    @Override
    public void apply(InboundEvent event) {
        switch (event.type()) {
            case EventTypes.VIRTUALWARD_ADMITTED, EventTypes.VIRTUALWARD_DISCHARGED -> stayChanged(event);
            case EventTypes.VIRTUALWARD_ESCALATED -> escalated(event);
            default -> {
                // other ward events do not change the plan (applies says so)
            }
        }
    }

    private void stayChanged(InboundEvent event) {
        EpisodeOfCare stay = event.resource(EpisodeOfCare.class);
        if (!consumer.isNewer(event, stay)) {
            return;
        }
        String ward = stay.getTypeFirstRep().hasText() ? "Virtual ward (" + stay.getTypeFirstRep().getText() + ")"
                : "Virtual ward";
        boolean ended = EventTypes.VIRTUALWARD_DISCHARGED.equals(event.type());
        String display = ended
                ? ward + " stay ended " + PlanActivities.day(stay.getPeriod().hasEnd() ? stay.getPeriod().getEnd()
                        : Date.from(event.time()))
                : ward + " since " + PlanActivities.day(stay.getPeriod().getStart());
        carePlans.change(event.person(stay.getPatient().getIdentifier()), CarePlans.changedBy(event), plan -> {
            PlanActivities.show(plan, CareEventContract.WARD_STAY_ID_SYSTEM, stay.getIdElement().getIdPart(),
                    "EpisodeOfCare", display);
            if (ended) {
                PlanActivities.transition(plan, Date.from(event.time()), ward + " stay ended: monitoring stops; the "
                        + "cluster team resumes care at home", "virtual ward");
            }
        });
    }

    private void escalated(InboundEvent event) {
        Observation news2 = event.resource(Observation.class);
        if (!consumer.isNewer(event, news2)) {
            return;
        }
        if (!(news2.getValue() instanceof IntegerType score)) {
            throw new PoisonEventException("Escalation " + event.id() + " has no NEWS2 score (valueInteger)");
        }
        Extension band = news2.getExtensionByUrl(CareEventContract.NEWS2_RISK_EXTENSION);
        News2Risk risk = band == null ? null : News2Risk.byCode(band.getValue().primitiveValue()).orElse(null);
        if (risk == null) {
            throw new PoisonEventException("Escalation " + event.id() + " has no NEWS2 risk band (extension "
                    + CareEventContract.NEWS2_RISK_EXTENSION + ")");
        }
        String clinician = news2.getPerformerFirstRep().getDisplay();
        String description = "Urgent: NEWS2 " + score.getValue() + " (" + risk.code() + " risk, " + risk.response()
                + ") at " + PlanActivities.day(news2.getEffectiveDateTimeType().getValue())
                + (clinician == null ? "" : "; responsible clinician " + clinician);
        Task urgent = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER)
                .setDescription(description).setPriority(switch (risk) {
                    case HIGH -> Task.TaskPriority.STAT;
                    case MEDIUM -> Task.TaskPriority.ASAP;
                    default -> Task.TaskPriority.URGENT;
                });
        urgent.setOwner(news2.getPerformerFirstRep().copy());
        urgent.setFocus(new org.hl7.fhir.r4.model.Reference().setType("Observation")
                .setDisplay("NEWS2 " + score.getValue()));
        tasks.add(event.person(news2.getSubject().getIdentifier()), urgent,
                event.source() + "|Observation/" + news2.getIdElement().getIdPart(), CarePlans.changedBy(event));
    }
}
