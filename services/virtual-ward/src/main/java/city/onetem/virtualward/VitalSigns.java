package city.onetem.virtualward;

import java.math.BigDecimal;

/**
 * One complete set of the observations NEWS2 scores, as charted: whole numbers for rates,
 * pressure and saturation, temperature in degrees Celsius to one decimal place.
 */
public record VitalSigns(int respirationRate, int oxygenSaturation, boolean onOxygen, int systolicPressure,
        int pulse, Consciousness consciousness, BigDecimal temperature) {
}
