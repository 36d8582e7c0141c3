package city.onetem.virtualward;

import city.onetem.platform.events.News2Risk;
import java.math.BigDecimal;
import java.util.stream.IntStream;

/**
 * The National Early Warning Score 2 (Royal College of Physicians, 2017): each parameter scored
 * 0-3 by the chart's bands, the aggregate, and the clinical risk it calls for.
 */
public record News2(int respiration, int oxygenSaturation, int airOrOxygen, int systolicPressure, int pulse,
        int consciousness, int temperature, SpO2Scale scale) {

    private static final BigDecimal T_35_0 = new BigDecimal("35.0");
    private static final BigDecimal T_36_0 = new BigDecimal("36.0");
    private static final BigDecimal T_38_0 = new BigDecimal("38.0");
    private static final BigDecimal T_39_0 = new BigDecimal("39.0");

    public static News2 of(VitalSigns signs, SpO2Scale scale) {
        return new News2(respiration(signs.respirationRate()),
                scale == SpO2Scale.SCALE_2 ? saturationScale2(signs.oxygenSaturation(), signs.onOxygen())
                        : saturationScale1(signs.oxygenSaturation()),
                signs.onOxygen() ? 2 : 0, systolic(signs.systolicPressure()), pulse(signs.pulse()),
                signs.consciousness() == Consciousness.ALERT ? 0 : 3, temperature(signs.temperature()), scale);
    }

    public int total() {
        return IntStream.of(parameters()).sum();
    }

    /** A 3 in any one parameter: at least an urgent ward-based review, whatever the total. */
    public boolean anySingleParameterScoredThree() {
        return IntStream.of(parameters()).anyMatch(score -> score == 3);
    }

    public News2Risk risk() {
        return News2Risk.of(total(), anySingleParameterScoredThree());
    }

    private int[] parameters() {
        return new int[] {respiration, oxygenSaturation, airOrOxygen, systolicPressure, pulse, consciousness,
                temperature};
    }

    static int respiration(int perMinute) {
        if (perMinute <= 8) {
            return 3;
        }
        if (perMinute <= 11) {
            return 1;
        }
        if (perMinute <= 20) {
            return 0;
        }
        return perMinute <= 24 ? 2 : 3;
    }

    static int saturationScale1(int percent) {
        if (percent <= 91) {
            return 3;
        }
        if (percent <= 93) {
            return 2;
        }
        return percent <= 95 ? 1 : 0;
    }

    /** Scale 2: 88-92% is the target; above it scores only on oxygen (over-oxygenation). */
    static int saturationScale2(int percent, boolean onOxygen) {
        if (percent <= 83) {
            return 3;
        }
        if (percent <= 85) {
            return 2;
        }
        if (percent <= 87) {
            return 1;
        }
        if (percent <= 92 || !onOxygen) {
            return 0;
        }
        if (percent <= 94) {
            return 1;
        }
        return percent <= 96 ? 2 : 3;
    }

    static int systolic(int mmHg) {
        if (mmHg <= 90 || mmHg >= 220) {
            return 3;
        }
        if (mmHg <= 100) {
            return 2;
        }
        return mmHg <= 110 ? 1 : 0;
    }

    static int pulse(int perMinute) {
        if (perMinute <= 40 || perMinute >= 131) {
            return 3;
        }
        if (perMinute <= 50) {
            return 1;
        }
        if (perMinute <= 90) {
            return 0;
        }
        return perMinute <= 110 ? 1 : 2;
    }

    /** Degrees Celsius to one decimal place, as charted. */
    static int temperature(BigDecimal celsius) {
        if (celsius.compareTo(T_35_0) <= 0) {
            return 3;
        }
        if (celsius.compareTo(T_36_0) <= 0) {
            return 1;
        }
        if (celsius.compareTo(T_38_0) <= 0) {
            return 0;
        }
        return celsius.compareTo(T_39_0) <= 0 ? 1 : 2;
    }
}
