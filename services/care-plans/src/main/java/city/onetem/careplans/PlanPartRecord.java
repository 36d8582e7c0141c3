package city.onetem.careplans;

import city.onetem.platform.store.VersionedResource;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A CareTeam, Goal or assessment on a person's plan, held as its current FHIR resource. */
@Entity
@Table(name = "plan_part")
public class PlanPartRecord extends VersionedResource {

    @Column(name = "resource_type")
    public String resourceType;
    @Column(name = "care_plan_id")
    public String carePlanId;

    static PlanPartRecord careTeamOf(String carePlanId) {
        return find("resourceType = 'CareTeam' and carePlanId = ?1 and status <> 'entered-in-error'", carePlanId)
                .firstResult();
    }
}
