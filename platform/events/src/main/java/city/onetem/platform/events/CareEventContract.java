package city.onetem.platform.events;

/**
 * What discharge and virtual ward events carry beyond base FHIR, for the services that consume
 * them (their publishers come with the discharge and virtual ward services).
 */
public final class CareEventContract {

    /** On the discharge Encounter: the D2A pathway, valueInteger 0-3. */
    public static final String PATHWAY_EXTENSION = "https://onetem.city/fhir/StructureDefinition/d2a-pathway";
    /** On the discharge Encounter: when the person was medically optimised (no longer met the criteria to reside), valueDateTime. */
    public static final String MEDICALLY_OPTIMISED_EXTENSION =
            "https://onetem.city/fhir/StructureDefinition/medically-optimised";
    /**
     * On the discharge Encounter while or after a person waited in hospital: sub-extensions 'days'
     * (valueInteger, midnights spent in hospital after medically optimised) and 'reason' (valueCoding
     * from {@link #DELAY_REASON_SYSTEM}).
     */
    public static final String DELAY_EXTENSION = "https://onetem.city/fhir/StructureDefinition/d2a-delay";
    public static final String DELAY_REASON_SYSTEM = "https://onetem.city/fhir/CodeSystem/d2a-delay-reason";
    /**
     * On the discharge Encounter on pathway 1: sub-extensions 'status' (valueCode waiting, allocated,
     * started, ended, not-started), 'started' and 'ended' (valueDateTime), 'outcome' (valueCoding from
     * {@link #REABLEMENT_OUTCOME_SYSTEM}).
     */
    public static final String REABLEMENT_EXTENSION = "https://onetem.city/fhir/StructureDefinition/reablement";
    public static final String REABLEMENT_OUTCOME_SYSTEM = "https://onetem.city/fhir/CodeSystem/reablement-outcome";
    /** On a readmission's Encounter: the earlier stay (valueReference by identifier, {@link #HOSPITAL_STAY_ID_SYSTEM}). */
    public static final String READMISSION_OF_EXTENSION = "https://onetem.city/fhir/StructureDefinition/readmission-of";
    /** Identifier system of a hospital stay (the Encounter's id in the discharge service). */
    public static final String HOSPITAL_STAY_ID_SYSTEM = "https://onetem.city/Id/hospital-stay";
    /** Identifier system of a virtual ward stay (the EpisodeOfCare's id in the virtual ward service). */
    public static final String WARD_STAY_ID_SYSTEM = "https://onetem.city/Id/ward-stay";
    /** On the NEWS2 Observation: the risk band, valueCode low, low-medium, medium or high. */
    public static final String NEWS2_RISK_EXTENSION = "https://onetem.city/fhir/StructureDefinition/news2-risk";

    private CareEventContract() {
    }
}
