package city.onetem.referrals;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person's One Team care plan as the SPA last heard of it. */
@Entity
@Table(name = "person_care_plan")
public class PersonCarePlan extends PanacheEntityBase {

    @Id
    @Column(name = "nhs_number")
    public String nhsNumber;
    @Column(name = "care_plan_id")
    public String carePlanId;
    public long version;
    public String status;
}
