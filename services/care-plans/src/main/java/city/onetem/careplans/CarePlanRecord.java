package city.onetem.careplans;

import city.onetem.platform.store.VersionedResource;
import city.onetem.platform.events.CarePlanContract;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Identifier;

/** A person's One Team care plan, held as its current FHIR CarePlan. */
@Entity
@Table(name = "care_plan")
public class CarePlanRecord extends VersionedResource {

    public static final String ACTIVE = "active";

    /** The cluster whose team holds the plan, from the plan's cluster extension. */
    public String cluster;
    /** When the anticipatory care plan is next reviewed: a plan is in date until then. */
    @Column(name = "anticipatory_review")
    public LocalDate anticipatoryReview;
    @Column(name = "end_of_life_register")
    public boolean endOfLifeRegister;
    /** The proactive case management groups the plan is in, from its category. */
    @ElementCollection
    @CollectionTable(name = "care_plan_target_group", joinColumns = @JoinColumn(name = "care_plan_id"))
    @Column(name = "code")
    public Set<String> targetGroups = new HashSet<>();

    /** Keeps the columns that searches and measures use in step with what the plan says. */
    void index(CarePlan plan) {
        var extension = plan.getExtensionByUrl(CarePlanContract.CLUSTER_EXTENSION);
        cluster = extension != null && extension.getValue() instanceof Identifier team ? team.getValue() : null;
        anticipatoryReview = PlanContent.reviewDate(plan);
        endOfLifeRegister = PlanContent.onEndOfLifeRegister(plan);
        Set<String> groups = PlanContent.targetGroups(plan);
        targetGroups.retainAll(groups);
        targetGroups.addAll(groups);
    }

    /**
     * Takes back a version from the log (the plan's target groups must exist: see {@link LoggedVersions});
     * its history row to persist, or null when it is held already.
     */
    CarePlanVersion restore(CarePlan plan, String json) {
        if (holds(plan)) {
            return null;
        }
        nhsNumber = plan.getSubject().getIdentifier().getValue();
        status = plan.getStatus().toCode();
        index(plan);
        return restore(plan, json, new CarePlanVersion());
    }

    public static CarePlanRecord activeFor(String nhsNumber) {
        return find("nhsNumber = ?1 and status = ?2", nhsNumber, ACTIVE).firstResult();
    }

    public static List<CarePlanRecord> forPerson(String nhsNumber) {
        return list("nhsNumber = ?1 order by lastUpdated desc", nhsNumber);
    }
}
