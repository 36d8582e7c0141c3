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
     * Takes back a version from the log, on the person's plan as it stood then: a part is saved
     * on their active plan, whose version comes before the part's on the log.
     */
    <T extends DomainResource> boolean restore(PlanPart<T> kind, T part, String json) {
        if (holds(part)) {
            return false;
        }
        String person = kind.subject(part).getIdentifier().getValue();
        CarePlanRecord plan = CarePlanRecord.activeFor(person);
        if (plan == null && carePlanId == null) {
            throw new IllegalStateException(kind.name() + "/" + part.getIdElement().getIdPart()
                    + " comes on the log before any active plan of its person");
        }
        resourceType = kind.name();
        nhsNumber = person;
        status = kind.status(part);
        if (plan != null) {
            carePlanId = plan.id;
        }
        restore(part, json, new PlanPartVersion());
        kind.written(this, getEntityManager());
        return true;
    }

    static PlanPartRecord careTeamOf(String carePlanId) {
        return find("resourceType = 'CareTeam' and carePlanId = ?1 and status <> 'entered-in-error'", carePlanId)
                .firstResult();
    }
}
