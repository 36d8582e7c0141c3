package city.onetem.platform.events;

/**
 * What discharge and virtual ward events carry beyond base FHIR, for the services that consume
 * them (their publishers come with the discharge and virtual ward services).
 */
public final class CareEventContract {

    /** On the discharge Encounter: the D2A pathway, valueInteger 0-3. */
    public static final String PATHWAY_EXTENSION = "https://onetem.city/fhir/StructureDefinition/d2a-pathway";
    /** Identifier system of a hospital stay (the Encounter's id in the discharge service). */
    public static final String HOSPITAL_STAY_ID_SYSTEM = "https://onetem.city/Id/hospital-stay";
    /** Identifier system of a virtual ward stay (the EpisodeOfCare's id in the virtual ward service). */
    public static final String WARD_STAY_ID_SYSTEM = "https://onetem.city/Id/ward-stay";
    /** On the NEWS2 Observation: the risk band, valueCode low, low-medium, medium or high. */
    public static final String NEWS2_RISK_EXTENSION = "https://onetem.city/fhir/StructureDefinition/news2-risk";

    private CareEventContract() {
    }
}
