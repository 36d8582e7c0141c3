package city.onetem.virtualward;

/**
 * Which oxygen saturation scale NEWS2 uses for a person. Scale 2 (target 88-92%) is for
 * hypercapnic respiratory failure only, and only when a clinician records it: used wrongly it
 * hides a falling saturation.
 */
public enum SpO2Scale {
    SCALE_1,
    SCALE_2
}
