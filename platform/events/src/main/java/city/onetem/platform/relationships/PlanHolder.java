package city.onetem.platform.relationships;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person's One Team care plan as this service last heard of it, and the cluster team that holds it. */
@Entity
@Table(name = "plan_holder")
public class PlanHolder extends PanacheEntityBase {

    @Id
    @Column(name = "nhs_number")
    public String nhsNumber;
    @Column(name = "care_plan_id")
    public String carePlanId;
    public long version;
    public String status;
    /** The cluster code of the team that holds the plan; null while no team does. */
    public String cluster;
}
