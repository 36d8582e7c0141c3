package city.onetem.platform.events;

/** How other services point to a person's One Team care plan, which the care-plans service owns. */
public final class CarePlanContract {

    /** Identifier system of a care plan (its id in the care-plans service). */
    public static final String CARE_PLAN_ID_SYSTEM = "https://onetem.city/Id/care-plan";
    /** Identifier system of a task (its id in the care-plans service), on the plan's activity and owner searches. */
    public static final String TASK_ID_SYSTEM = "https://onetem.city/Id/task";
    /** On the CarePlan: the cluster whose team holds it (valueIdentifier, ReferralContract.CLUSTER_SYSTEM). */
    public static final String CLUSTER_EXTENSION = "https://onetem.city/fhir/StructureDefinition/cluster";

    private CarePlanContract() {
    }
}
