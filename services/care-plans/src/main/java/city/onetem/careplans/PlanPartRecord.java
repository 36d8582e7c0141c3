package city.onetem.careplans;

import city.onetem.platform.store.VersionedResource;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hl7.fhir.r4.model.DomainResource;

/** A CareTeam, Goal or assessment on a person's plan, held as its current FHIR resource. */
@Entity
@Table(name = "plan_part")
public class PlanPartRecord extends VersionedResource {

    @Column(name = "resource_type")
    public String resourceType;
    @Column(name = "care_plan_id")
    public String carePlanId;

    /**
     * Takes back a version from the log, on the plan given: the person's active plan when the part
     * was saved (the one it stays on, if there is none now); its history row to persist, or null
     * when it is held already.
     */
    <T extends DomainResource> PlanPartVersion restore(PlanPart<T> kind, T part, String json, String activePlanId) {
        if (holds(part)) {
            return null;
        }
        if (activePlanId == null && carePlanId == null) {
            throw new IllegalStateException(kind.name() + "/" + part.getIdElement().getIdPart()
                    + " comes on the log before any active plan of its person");
        }
        resourceType = kind.name();
        nhsNumber = kind.subject(part).getIdentifier().getValue();
        status = kind.status(part);
        if (activePlanId != null) {
            carePlanId = activePlanId;
        }
        PlanPartVersion history = restore(part, json, new PlanPartVersion());
        kind.written(this, getEntityManager());
        return history;
    }

    static PlanPartRecord careTeamOf(String carePlanId) {
        return find("resourceType = 'CareTeam' and carePlanId = ?1 and status <> 'entered-in-error'", carePlanId)
                .firstResult();
    }
}
