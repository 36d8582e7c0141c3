package city.onetem.careplans;

import city.onetem.platform.events.IdempotentConsumer;
import city.onetem.platform.events.InboundEvent;
import city.onetem.platform.events.PoisonEventException;
import city.onetem.platform.fhir.NhsNumber;
import java.util.Date;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityComponent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/** How events from other services become part of a person's plan. */
final class PlanActivities {

    private PlanActivities() {
    }

    /**
     * True when this event carries a newer version of its resource than any applied here; false
     * for a replay or a late, older version, which would roll the plan back.
     */
    static boolean isNewer(IdempotentConsumer consumer, InboundEvent event, Resource resource) {
        String id = resource.getIdElement().getIdPart();
        if (id == null || !resource.getMeta().hasVersionId()) {
            throw new PoisonEventException("Event " + event.id() + " carries a " + resource.fhirType()
                    + " without id or meta.versionId");
        }
        return consumer.advance(event.source() + "|" + resource.fhirType() + "/" + id,
                Long.parseLong(resource.getMeta().getVersionId()));
    }

    /** The person a payload is about, by the NHS number on its subject (or patient) reference. */
    static NhsNumber person(Reference subject, InboundEvent event) {
        Identifier identifier = subject.getIdentifier();
        if (!NhsNumber.SYSTEM.equals(identifier.getSystem())) {
            throw new PoisonEventException("Event " + event.id() + " does not name the person by NHS number");
        }
        return new NhsNumber(identifier.getValue());
    }

    /** The activity for this resource elsewhere (a referral, a hospital stay), added if new, described as it is now. */
    static CarePlanActivityComponent show(CarePlan plan, String system, String id, String type, String display) {
        CarePlanActivityComponent activity = plan.getActivity().stream()
                .filter(a -> system.equals(a.getReference().getIdentifier().getSystem())
                        && id.equals(a.getReference().getIdentifier().getValue()))
                .findFirst()
                .orElseGet(plan::addActivity);
        activity.setReference(new Reference().setType(type)
                .setIdentifier(new Identifier().setSystem(system).setValue(id)).setDisplay(display));
        return activity;
    }

    /** A date as people in the city read it (UK local date). */
    static String day(Date date) {
        if (date == null) {
            return "an unrecorded date";
        }
        java.text.SimpleDateFormat format = new java.text.SimpleDateFormat("yyyy-MM-dd");
        format.setTimeZone(java.util.TimeZone.getTimeZone("Europe/London"));
        return format.format(date);
    }

    /** A "what happens next" line whenever the person moves between settings. */
    static void transition(CarePlan plan, Date when, String text, String author) {
        plan.addNote().setTime(when).setAuthor(new StringType(author)).setText("Transition: " + text);
    }
}
