package city.onetem.careplans;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.ConditionalCreate;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.ResourceVersions;
import city.onetem.platform.store.IdentifierMatches;
import city.onetem.platform.store.Written;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task.TaskIntent;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.hl7.fhir.r4.model.Task;

/**
 * Tasks on a person's plan: made by people or by events (a referral to respond to, a discharge
 * to assess, an escalation), each also an activity on the plan, each change a version and a
 * task event. Changing a task does not rewrite the plan beyond its activity line.
 */
@ApplicationScoped
public class Tasks {

    @Inject
    CareRelationships relationships;
    @Inject
    Outbox outbox;
    @Inject
    CarePlans carePlans;

    /**
     * Adds a task to the person's plan (creating the plan if they have none).
     *
     * @param sourceRef what made it, when an event did ("source|ServiceRequest/id"): one task per source
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public TaskRecord add(NhsNumber person, Task task, String sourceRef, String changedBy) {
        if (sourceRef != null) {
            TaskRecord made = TaskRecord.find("sourceRef", sourceRef).firstResult();
            if (made != null) {
                return made;
            }
        }
        TaskRecord record = new TaskRecord();
        record.id = UUID.randomUUID().toString();
        record.nhsNumber = person.value();
        record.sourceRef = sourceRef;
        if (sourceRef != null) {
            task.addExtension(CarePlanContract.TASK_SOURCE_EXTENSION, new StringType(sourceRef));
        }
        task.setFor(new Reference().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(person.value())));
        if (task.getIntent() == null) {
            task.setIntent(TaskIntent.ORDER);
        }
        if (!task.hasAuthoredOn()) {
            task.setAuthoredOn(new Date());
        }
        CarePlanRecord plan = carePlans.change(person, changedBy, carePlan -> PlanActivities.show(carePlan,
                CarePlanContract.TASK_ID_SYSTEM, record.id, "Task", describe(task)));
        record.carePlanId = plan.id;
        task.addBasedOn(new Reference().setType("CarePlan").setIdentifier(new Identifier()
                .setSystem(CarePlanContract.CARE_PLAN_ID_SYSTEM).setValue(plan.id)));
        save(record, task, changedBy, EventTypes.TASK_CREATED);
        return record;
    }

    /**
     * A task a person adds to someone's plan; with a condition (If-None-Exist), the person's task
     * that carries its identifier already, if there is one.
     */
    @Transactional
    public Written<TaskRecord> create(Task task, String changedBy, ConditionalCreate condition) {
        Identifier person = task.getFor().getIdentifier();
        if (!NhsNumber.SYSTEM.equals(person.getSystem()) || NhsNumber.problem(person.getValue()) != null) {
            throw FhirException.invalid("Task.for.identifier", "Task.for names the person by NHS number ("
                    + NhsNumber.SYSTEM + "): " + (person.hasValue() ? NhsNumber.problem(person.getValue()) : "missing"));
        }
        if (!hasDescription(task)) {
            throw FhirException.invalid("Task.description", "Say what is to be done: Task.description");
        }
        if (task.getStatus() == null) {
            task.setStatus(TaskStatus.REQUESTED);
        } else if (isFinished(task.getStatus())) {
            throw FhirException.invalid("Task.status", "A new task is requested, ready or in-progress, not "
                    + task.getStatus().toCode());
        }
        carePlans.lockPerson(person.getValue());
        relationships.requireOrNew(person.getValue());
        if (condition != null) {
            String existing = condition.existing("Task", IdentifierMatches.in("task", null, condition.identifier()),
                    person.getValue()).orElse(null);
            if (existing != null) {
                return Written.found(TaskRecord.findById(existing));
            }
        }
        return Written.created(add(new NhsNumber(person.getValue()), task, null, changedBy));
    }

    /** A change to one task (assign, start, complete), optionally on the version the caller read. */
    @Transactional
    public TaskRecord change(String id, String ifMatch, String changedBy, Consumer<Task> change) {
        return rewrite(id, ifMatch, changedBy, task -> {
            change.accept(task);
            return task;
        });
    }

    /** A person's edit of the whole task; it stays on the same person's plan. */
    @Transactional
    public TaskRecord replace(String id, String ifMatch, Task edited, String changedBy) {
        if (edited.getIdElement().getIdPart() != null && !id.equals(edited.getIdElement().getIdPart())) {
            throw FhirException.invalid("Task.id", "The body is Task/" + edited.getIdElement().getIdPart()
                    + " but the URL names Task/" + id);
        }
        if (!hasDescription(edited) || edited.getStatus() == null) {
            throw FhirException.invalid("Task.description", "A task keeps its description and status");
        }
        return rewrite(id, ifMatch, changedBy, stored -> {
            Identifier person = edited.getFor().getIdentifier();
            if (!NhsNumber.SYSTEM.equals(person.getSystem()) || !stored.getFor().getIdentifier().getValue()
                    .equals(person.getValue())) {
                throw FhirException.businessRule("Task/" + id + " is for the person with NHS number "
                        + stored.getFor().getIdentifier().getValue() + "; Task.for cannot change");
            }
            if (edited.getIntent() == null) {
                edited.setIntent(TaskIntent.ORDER);
            }
            edited.setBasedOn(stored.getBasedOn());
            return edited;
        });
    }

    private TaskRecord rewrite(String id, String ifMatch, String changedBy, UnaryOperator<Task> change) {
        TaskRecord record = TaskRecord.findById(id);
        if (record == null) {
            throw FhirException.notFound("Task", id);
        }
        carePlans.lockForChange(record);
        if (ifMatch != null && ResourceVersions.parseIfMatch(ifMatch) != record.version) {
            throw FhirException.preconditionFailed("Task/" + id + " is at version " + record.version
                    + ": someone changed it since you read it");
        }
        Task stored = Fhir.parse(Task.class, record.resource);
        TaskStatus before = stored.getStatus();
        Task task = change.apply(stored);
        if (isFinished(before) && task.getStatus() != before) {
            throw FhirException.conflict("Task/" + id + " is " + before.toCode() + "; a finished task does not reopen");
        }
        carePlans.change(new NhsNumber(record.nhsNumber), changedBy, plan -> PlanActivities.show(plan,
                CarePlanContract.TASK_ID_SYSTEM, record.id, "Task", describe(task)));
        save(record, task, changedBy, EventTypes.TASK_UPDATED);
        return record;
    }

    private void save(TaskRecord record, Task task, String changedBy, String eventType) {
        record.index(task);
        record.write(task, new TaskVersion(), changedBy);
        outbox.publish(OutboundEvent.of(Topics.CARE_PLANS, eventType, "Task", record));
    }

    /** The task as its line on the plan: "Respond to referral (requested, owner East cluster, due 2026-11-25)". */
    static String describe(Task task) {
        StringBuilder line = new StringBuilder(hasDescription(task) ? task.getDescription() : "Task");
        line.append(" (").append(task.getStatus().toCode());
        if (task.getOwner().hasDisplay() || task.getOwner().getIdentifier().hasValue()) {
            line.append(", owner ").append(task.getOwner().hasDisplay() ? task.getOwner().getDisplay()
                    : task.getOwner().getIdentifier().getValue());
        }
        if (task.getRestriction().getPeriod().hasEnd()) {
            line.append(", due ").append(PlanActivities.day(task.getRestriction().getPeriod().getEnd()));
        }
        return line.append(")").toString();
    }

    /** Words, not just the element: "_description" with only an extension has none (hasDescription() says it has). */
    private static boolean hasDescription(Task task) {
        return task.getDescription() != null && !task.getDescription().isBlank();
    }

    private static boolean isFinished(TaskStatus status) {
        return status == TaskStatus.COMPLETED || status == TaskStatus.CANCELLED || status == TaskStatus.ENTEREDINERROR
                || status == TaskStatus.FAILED;
    }
}
