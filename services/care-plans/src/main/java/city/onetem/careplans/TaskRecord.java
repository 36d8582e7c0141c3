package city.onetem.careplans;

import city.onetem.platform.store.VersionedResource;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

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
}
