package city.onetem.careplans;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.OperationParameters;
import city.onetem.platform.fhir.ResourceVersions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * A multi-disciplinary team meeting's review of one person's plan: who attended (which agencies),
 * what was agreed, when the anticipatory care plan is next reviewed, and each action written back
 * to the plan as a Task with its owner and due date. All of it is one new version of the plan.
 */
@ApplicationScoped
public class MdtReviews {

    @Inject
    CarePlans carePlans;
    @Inject
    Tasks tasks;

    @Transactional
    public CarePlanRecord review(String planId, String ifMatch, OperationParameters in, String changedBy) {
        List<String> attended = in.texts("attended");
        if (attended.isEmpty()) {
            throw FhirException.invalid("Parameters.parameter('attended')", "$mdt-review: name each agency that "
                    + "attended (repeat 'attended'), so the plan shows who agreed what");
        }
        String summary = in.requiredText("summary", "what the meeting agreed about this person");
        LocalDate nextReview = in.date("nextReview").orElse(null);
        List<Task> actions = in.parts("action").stream().map(MdtReviews::action).toList();

        CarePlanRecord record = carePlans.lockPlan(planId);
        if (ifMatch != null && ResourceVersions.parseIfMatch(ifMatch) != record.version) {
            throw FhirException.preconditionFailed("CarePlan/" + planId + " is at version " + record.version
                    + ": someone changed it since you read it; read it again before recording the review");
        }
        if (!CarePlanRecord.ACTIVE.equals(record.status)) {
            throw FhirException.businessRule("CarePlan/" + planId + " is " + record.status + "; reviews are of active plans");
        }
        NhsNumber person = new NhsNumber(record.nhsNumber);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
        carePlans.change(person, changedBy, plan -> {
            plan.addNote().setTime(new Date()).setAuthor(new StringType(changedBy)).setText("MDT review on " + today
                    + ", attended by " + String.join(", ", attended) + ": " + summary);
            if (nextReview != null) {
                Extension anticipatory = plan.getExtensionByUrl(CarePlanContract.ANTICIPATORY_CARE_EXTENSION);
                if (anticipatory == null) {
                    throw FhirException.businessRule("CarePlan/" + planId + " has no anticipatory care plan to set a "
                            + "review date on; add one to the plan first");
                }
                anticipatory.getExtension().removeIf(part -> "reviewDate".equals(part.getUrl()));
                anticipatory.addExtension("reviewDate", new DateType(nextReview.toString()));
            }
        });
        for (Task action : actions) {
            tasks.add(person, action, null, changedBy);
        }
        return record;
    }

    /** An agreed action: 'description', 'owner' (a name), optional 'ownerIdentifier' and 'due' (valueDate). */
    private static Task action(OperationParameters part) {
        Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER)
                .setDescription(part.requiredText("description", "what is to be done"));
        String owner = part.requiredText("owner", "who agreed to do it");
        task.setOwner(new Reference().setDisplay(owner).setIdentifier(part.text("ownerIdentifier")
                .map(id -> new Identifier().setValue(id)).orElse(null)));
        part.date("due").ifPresent(due -> task.getRestriction().getPeriod().setEndElement(
                new org.hl7.fhir.r4.model.DateTimeType(due.toString())));
        return task;
    }
}
