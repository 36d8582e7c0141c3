package city.onetem.careplans;

import java.util.Date;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityComponent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/** How events from other services become part of a person's plan. */
final class PlanActivities {

    private PlanActivities() {
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
