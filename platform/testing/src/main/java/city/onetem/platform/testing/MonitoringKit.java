package city.onetem.platform.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * What remote monitoring kit sends a virtual ward: the seven readings NEWS2 scores, each a FHIR R4
 * Observation as the vital-signs profile has it (LOINC codes, UCUM units; ACVPU and air or oxygen
 * as SNOMED CT values), and a set of them as a transaction or batch Bundle.
 */
public final class MonitoringKit {

    /** SNOMED CT ACVPU values: alert, and new confusion. */
    public static final String ALERT = "248234008";
    public static final String NEW_CONFUSION = "130987000";

    private MonitoringKit() {
    }

    /** The seven readings taken at {@code at} (an instant), in the chart's order. */
    public static List<String> readings(String nhs, String at, int respirationRate, int oxygenSaturation,
            boolean onOxygen, int systolic, int pulse, String acvpu, String celsius) {
        List<String> set = new ArrayList<>();
        set.add(quantity(nhs, at, "9279-1", respirationRate, "/min"));
        set.add(quantity(nhs, at, "59408-5", oxygenSaturation, "%"));
        set.add(coded(nhs, at, onOxygen ? "371825009" : "722742002"));
        set.add(quantity(nhs, at, "8480-6", systolic, "mm[Hg]"));
        set.add(quantity(nhs, at, "8867-4", pulse, "/min"));
        set.add(coded(nhs, at, acvpu));
        set.add(quantity(nhs, at, "8310-5", celsius, "Cel"));
        return set;
    }

    /** The readings as a Bundle of this type (transaction or batch), each entry a POST of an Observation. */
    public static String bundle(String type, List<String> observations) {
        StringBuilder entries = new StringBuilder();
        for (String observation : observations) {
            entries.append(entries.length() == 0 ? "" : ",").append("{\"resource\":").append(observation)
                    .append(",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
        }
        return "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[" + entries + "]}";
    }

    private static String quantity(String nhs, String at, String loinc, Object value, String unit) {
        return """
                {"resourceType":"Observation","status":"final","effectiveDateTime":"%s",
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
                 "code":{"coding":[{"system":"http://loinc.org","code":"%s"}]},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "valueQuantity":{"value":%s,"system":"http://unitsofmeasure.org","code":"%s"}}"""
                .formatted(at, loinc, nhs, value, unit);
    }

    private static String coded(String nhs, String at, String snomed) {
        return """
                {"resourceType":"Observation","status":"final","effectiveDateTime":"%s",
                 "code":{"text":"NEWS2 reading"},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"%s"}]}}"""
                .formatted(at, nhs, snomed);
    }
}
