package city.onetem.board;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The names the board reads in the services' FHIR resources, as their API documentation
 * publishes them: the board is a client of those APIs like any other, not a part of them.
 */
final class FhirNames {

    static final String REFERRAL_STATE = "https://onetem.city/fhir/StructureDefinition/referral-state";
    static final String TO_CATEGORISE = "https://onetem.city/fhir/StructureDefinition/to-categorise";
    static final String TO_TRACE = "https://onetem.city/fhir/StructureDefinition/nhs-number-to-trace";
    static final String UNROUTED = "https://onetem.city/fhir/StructureDefinition/unrouted-reason";
    static final String UCR_CLOCK = "https://onetem.city/fhir/StructureDefinition/ucr-clock";
    static final String CLUSTER = "https://onetem.city/fhir/StructureDefinition/cluster";
    static final String END_OF_LIFE = "https://onetem.city/fhir/StructureDefinition/end-of-life";
    /** On meta of every version the services keep: who made it (a user, or the event that did). */
    static final String CHANGED_BY = "https://onetem.city/fhir/StructureDefinition/changed-by";
    static final String ANTICIPATORY_CARE = "https://onetem.city/fhir/StructureDefinition/anticipatory-care-plan";
    static final String MEDICALLY_OPTIMISED = "https://onetem.city/fhir/StructureDefinition/medically-optimised";
    static final String DELAY = "https://onetem.city/fhir/StructureDefinition/d2a-delay";
    static final String PATHWAY = "https://onetem.city/fhir/StructureDefinition/d2a-pathway";
    static final String TARGET_GROUP = "https://onetem.city/fhir/CodeSystem/target-group";
    static final String NEWS2_ESCALATION = "https://onetem.city/fhir/StructureDefinition/news2-escalation";
    static final String NEWS2_RISK = "https://onetem.city/fhir/StructureDefinition/news2-risk";
    static final String HOSPITAL_STAY_ID = "https://onetem.city/Id/hospital-stay";
    static final String WARD_STAY_ID = "https://onetem.city/Id/ward-stay";
    static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    static final String NEWS2_TOTAL = "http://snomed.info/sct|1104051000000101";

    private FhirNames() {
    }

    /** The resource's (or a complex extension's) extension with this url, or a missing node. */
    static JsonNode extension(JsonNode resource, String url) {
        for (JsonNode extension : resource.path("extension")) {
            if (url.equals(extension.path("url").asText())) {
                return extension;
            }
        }
        return MissingNode.getInstance();
    }
}
