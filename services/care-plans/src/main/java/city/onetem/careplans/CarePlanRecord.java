package city.onetem.careplans;

import city.onetem.platform.store.VersionedResource;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

/** A person's One Team care plan, held as its current FHIR CarePlan. */
@Entity
@Table(name = "care_plan")
public class CarePlanRecord extends VersionedResource {

    public static final String ACTIVE = "active";

    /** The cluster whose team holds the plan, from the plan's cluster extension. */
    public String cluster;

    public static CarePlanRecord activeFor(String nhsNumber) {
        return find("nhsNumber = ?1 and status = ?2", nhsNumber, ACTIVE).firstResult();
    }

    public static List<CarePlanRecord> forPerson(String nhsNumber) {
        return list("nhsNumber = ?1 order by lastUpdated desc", nhsNumber);
    }
}
