package city.onetem.platform.fhir;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How the services' measures show a figure: to one decimal place, halves rounded up. */
public final class MeasureFigures {

    private MeasureFigures() {
    }

    public static double oneDecimal(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    /** A column from a native query, which is null when there was nothing to average. */
    public static Double oneDecimal(Object value) {
        return value == null ? null : oneDecimal(((Number) value).doubleValue());
    }

    /** numerator / denominator to one decimal place; 0 when the denominator is. */
    public static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : oneDecimal((double) numerator / denominator);
    }
}
