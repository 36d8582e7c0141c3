package city.onetem.platform.events;

/** How other services point to a person's One Team care plan, which the care-plans service owns. */
public final class CarePlanContract {

    /** Identifier system of a care plan (its id in the care-plans service). */
    public static final String CARE_PLAN_ID_SYSTEM = "https://onetem.city/Id/care-plan";
    /** Identifier system of a task (its id in the care-plans service), on the plan's activity and owner searches. */
    public static final String TASK_ID_SYSTEM = "https://onetem.city/Id/task";
    /**
     * On a Task an event made: what made it ("source|Type/id|purpose"), so one event source makes
     * one task however often it is told, and a rebuild from the log knows the task by it.
     */
    public static final String TASK_SOURCE_EXTENSION = "https://onetem.city/fhir/StructureDefinition/task-source";
    /** On the CarePlan: the cluster whose team holds it (valueIdentifier, ReferralContract.CLUSTER_SYSTEM). */
    public static final String CLUSTER_EXTENSION = "https://onetem.city/fhir/StructureDefinition/cluster";

    /**
     * Roles on a person's CareTeam (participant.role) that the plan gives meaning to: one
     * accountable-professional, one care-navigator (the person's single point of contact), the
     * cluster-team that holds the plan, and carer (a RelatedPerson, with their needs).
     */
    public static final String CARE_TEAM_ROLE_SYSTEM = "https://onetem.city/fhir/CodeSystem/care-team-role";
    public static final String ACCOUNTABLE_PROFESSIONAL = "accountable-professional";
    public static final String CARE_NAVIGATOR = "care-navigator";
    public static final String CLUSTER_TEAM = "cluster-team";
    public static final String CARER = "carer";
    /** On a carer's CareTeam.participant: what they need to keep caring (valueString). */
    public static final String CARER_NEEDS_EXTENSION = "https://onetem.city/fhir/StructureDefinition/carer-needs";
    /** QuestionnaireResponse.questionnaire of the one assessment every agency completes and reuses. */
    public static final String COMMON_ASSESSMENT = "https://onetem.city/fhir/Questionnaire/common-trusted-assessment";

    /** CarePlan.category system of the proactive case management groups a plan is in (codes are data). */
    public static final String TARGET_GROUP_SYSTEM = "https://onetem.city/fhir/CodeSystem/target-group";
    /**
     * On the CarePlan: the anticipatory care / escalation plan, what to do if the person's health
     * gets worse, with sub-extensions {@code plan} (valueString) and {@code reviewDate} (valueDate).
     */
    public static final String ANTICIPATORY_CARE_EXTENSION =
            "https://onetem.city/fhir/StructureDefinition/anticipatory-care-plan";
    /**
     * On the CarePlan: end of life care, with sub-extensions {@code register} (valueBoolean: on the
     * practice's end of life register), {@code preferredPlaceOfCare} and {@code preferredPlaceOfDeath}
     * (valueString, in the person's words), {@code respect} (valueDate: ReSPECT form completed) and
     * {@code chcFastTrack} (valueBoolean: NHS continuing healthcare fast track).
     */
    /**
     * On a plan, one per organisation the person refused to share with (their active Consent):
     * sub-extensions consent (valueReference), recipient (an ODS code, or * for everyone outside
     * the keeper) and keeper (the ODS code of the organisation that recorded it). A change to the
     * plan carries the objections in force, so that its readers need nothing else to honour them.
     */
    public static final String SHARING_OBJECTION_EXTENSION =
            "https://onetem.city/fhir/StructureDefinition/sharing-objection";
    /**
     * On a plan, one per member of the person's care teams who is a user or a cluster team
     * (sub-extensions careTeam, valueReference; member, valueIdentifier https://onetem.city/Id/user
     * or https://onetem.city/Id/cluster): the people and teams the person's CareTeam gives a care
     * relationship, carried so that the other services honour it as care-plans does.
     */
    public static final String CARE_TEAM_MEMBER_EXTENSION =
            "https://onetem.city/fhir/StructureDefinition/care-team-member";
    public static final String END_OF_LIFE_EXTENSION = "https://onetem.city/fhir/StructureDefinition/end-of-life";

    private CarePlanContract() {
    }
}
