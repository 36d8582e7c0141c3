package city.onetem.careplans;

import city.onetem.platform.store.VersionedResource;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import city.onetem.platform.events.CarePlanContract;
import org.hl7.fhir.r4.model.Task;

/** An activity on a person's plan, held as its current FHIR Task. */
@Entity
@Table(name = "task")
public class TaskRecord extends VersionedResource {

    /** Who does it: the owner's identifier value (a person or a team), for "my tasks" searches. */
    public String owner;
    @Column(name = "care_plan_id")
    public String carePlanId;
    @Column(name = "source_ref")
    public String sourceRef;

    /** Keeps the columns that searches use in step with what the task says. */
    void index(Task task) {
        status = task.getStatus().toCode();
        owner = task.getOwner().getIdentifier().hasValue() ? task.getOwner().getIdentifier().getValue()
                : task.getOwner().getDisplay();
    }

    /**
     * Takes back a version from the log, with the plan it is on and the event source that made it;
     * its history row to persist, or null when it is held already.
     */
    TaskVersion restore(Task task, String json) {
        if (holds(task)) {
            return null;
        }
        nhsNumber = task.getFor().getIdentifier().getValue();
        index(task);
        task.getBasedOn().stream().filter(plan -> CarePlanContract.CARE_PLAN_ID_SYSTEM.equals(plan.getIdentifier().getSystem()))
                .findFirst().ifPresent(plan -> carePlanId = plan.getIdentifier().getValue());
        var source = task.getExtensionByUrl(CarePlanContract.TASK_SOURCE_EXTENSION);
        if (source != null) {
            sourceRef = source.getValue().primitiveValue();
        }
        return restore(task, json, new TaskVersion());
    }
}
