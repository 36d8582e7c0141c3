package city.onetem.virtualward;

import java.math.BigDecimal;
import java.util.List;

/**
 * The observations NEWS2 needs, as monitoring kit and staff send them: the measured ones by their
 * FHIR vital-signs LOINC code (or its SNOMED CT equivalent), the first code being the one this
 * service documents; consciousness and air or oxygen by their coded value (see {@link Readings}).
 * A measured reading outside {@code [lowest, highest]} cannot be a living person's and is refused;
 * anything inside is scored, however extreme.
 */
public enum Vital {
    RESPIRATION_RATE("respiration rate", List.of("9279-1"), List.of("86290005"), "/min", "0", "100"),
    OXYGEN_SATURATION("oxygen saturation", List.of("59408-5", "2708-6"), List.of("103228002", "431314004"), "%", "0",
            "100"),
    AIR_OR_OXYGEN("air or oxygen", List.of("3151-8"), List.of(), "L/min", "0", "60"),
    SYSTOLIC_PRESSURE("systolic blood pressure", List.of("8480-6"), List.of("271649006"), "mm[Hg]", "0", "350"),
    PULSE("pulse", List.of("8867-4", "8889-8"), List.of("364075005", "78564009"), "/min", "0", "350"),
    CONSCIOUSNESS("level of consciousness (ACVPU)", List.of(), List.of(), null, null, null),
    TEMPERATURE("body temperature", List.of("8310-5"), List.of("276885007"), "Cel", "10", "47");

    /** SNOMED CT: breathing room air / on supplemental oxygen, the values of an air-or-oxygen reading. */
    public static final String ROOM_AIR = "722742002";
    public static final String ON_OXYGEN = "371825009";
    /** LOINC blood pressure panel: its systolic component is read as the systolic pressure. */
    public static final String BLOOD_PRESSURE_PANEL = "85354-9";

    private final String label;
    private final List<String> loinc;
    private final List<String> snomed;
    private final String unit;
    private final BigDecimal lowest;
    private final BigDecimal highest;

    Vital(String label, List<String> loinc, List<String> snomed, String unit, String lowest, String highest) {
        this.label = label;
        this.loinc = loinc;
        this.snomed = snomed;
        this.unit = unit;
        this.lowest = lowest == null ? null : new BigDecimal(lowest);
        this.highest = highest == null ? null : new BigDecimal(highest);
    }

    public String label() {
        return label;
    }

    /** The UCUM unit a measured vital is sent in (for air or oxygen, the oxygen flow); null for consciousness. */
    public String unit() {
        return unit;
    }

    public BigDecimal lowest() {
        return lowest;
    }

    public BigDecimal highest() {
        return highest;
    }

    boolean isCodedBy(String system, String code) {
        return code != null && ("http://loinc.org".equals(system) && loinc.contains(code))
                || ("http://snomed.info/sct".equals(system) && snomed.contains(code));
    }

    /** The LOINC code this service documents for the vital; null for consciousness, known by its value. */
    public String loinc() {
        return loinc.isEmpty() ? null : loinc.get(0);
    }
}
