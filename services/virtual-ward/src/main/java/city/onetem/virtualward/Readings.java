package city.onetem.virtualward;

import city.onetem.platform.fhir.FhirException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * Reads FHIR Observations as NEWS2 readings, and a set of readings as the vital signs NEWS2
 * scores. A reading that cannot be a living person's, or that does not say when it was taken, is
 * refused with what to fix; an observation NEWS2 does not use is not a reading.
 */
public final class Readings {

    private static final Set<Observation.ObservationStatus> RESULTS = Set.of(Observation.ObservationStatus.FINAL,
            Observation.ObservationStatus.AMENDED, Observation.ObservationStatus.CORRECTED,
            Observation.ObservationStatus.PRELIMINARY);
    /** Device clocks drift: a reading up to this far ahead of ours is taken as now. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private Readings() {
    }

    /** The reading this observation is; empty when NEWS2 does not use it. */
    public static Optional<Reading> read(Observation observation, Instant now) {
        if (observation.getStatus() == null || !RESULTS.contains(observation.getStatus())) {
            throw FhirException.invalid("Observation.status", "Only results are readings: status is final, amended, "
                    + "corrected or preliminary, not '" + (observation.getStatus() != null ? observation.getStatus().toCode()
                            : "missing") + "'");
        }
        Instant taken = taken(observation, now);
        if (observation.getValue() instanceof CodeableConcept value) {
            for (Coding coding : value.getCoding()) {
                if (Consciousness.SYSTEM.equals(coding.getSystem())) {
                    Optional<Consciousness> level = Consciousness.of(coding.getCode());
                    if (level.isPresent()) {
                        return Optional.of(Reading.consciousness(level.get(), taken));
                    }
                    if (Vital.ROOM_AIR.equals(coding.getCode()) || Vital.ON_OXYGEN.equals(coding.getCode())) {
                        return Optional.of(Reading.airOrOxygen(Vital.ON_OXYGEN.equals(coding.getCode()), taken));
                    }
                }
            }
            return Optional.empty();
        }
        if (has(observation.getCode(), "http://loinc.org", Vital.BLOOD_PRESSURE_PANEL)) {
            return observation.getComponent().stream()
                    .filter(component -> isCodedAs(component.getCode(), Vital.SYSTOLIC_PRESSURE))
                    .findFirst()
                    .map(systolic -> measured(Vital.SYSTOLIC_PRESSURE, systolic.getValue(),
                            "Observation.component.valueQuantity", taken));
        }
        for (Vital vital : Vital.values()) {
            if (vital.unit() != null && isCodedAs(observation.getCode(), vital)) {
                return Optional.of(measured(vital, observation.getValue(), "Observation.valueQuantity", taken));
            }
        }
        return Optional.empty();
    }

    /** The vital signs of a complete set, or empty: {@link #missing} says what is not there. */
    public static Optional<VitalSigns> complete(Map<Vital, Reading> latest) {
        if (!missing(latest).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VitalSigns(whole(latest.get(Vital.RESPIRATION_RATE)),
                whole(latest.get(Vital.OXYGEN_SATURATION)), latest.get(Vital.AIR_OR_OXYGEN).onOxygen(),
                whole(latest.get(Vital.SYSTOLIC_PRESSURE)), whole(latest.get(Vital.PULSE)),
                latest.get(Vital.CONSCIOUSNESS).consciousness(),
                latest.get(Vital.TEMPERATURE).measured().setScale(1, RoundingMode.HALF_UP)));
    }

    /** The vitals a set still lacks before NEWS2 can score it, in the chart's order. */
    public static List<Vital> missing(Map<Vital, Reading> latest) {
        return java.util.Arrays.stream(Vital.values()).filter(vital -> !latest.containsKey(vital)).toList();
    }

    /** The latest reading of each vital among these. */
    public static Map<Vital, Reading> latest(List<Reading> readings) {
        Map<Vital, Reading> latest = new EnumMap<>(Vital.class);
        for (Reading reading : readings) {
            latest.merge(reading.vital(), reading, (held, other) -> other.taken().isAfter(held.taken()) ? other : held);
        }
        return latest;
    }

    private static Instant taken(Observation observation, Instant now) {
        Instant taken = null;
        // An element may carry only an id or extensions: has...() is true, and its value null.
        if (observation.hasEffectiveDateTimeType() && observation.getEffectiveDateTimeType().getValue() != null) {
            taken = observation.getEffectiveDateTimeType().getValue().toInstant();
        } else if (observation.hasEffectiveInstantType() && observation.getEffectiveInstantType().getValue() != null) {
            taken = observation.getEffectiveInstantType().getValue().toInstant();
        } else if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().getStart() != null) {
            taken = observation.getEffectivePeriod().getStart().toInstant();
        }
        if (taken == null) {
            throw FhirException.invalid("Observation.effective[x]", "When was it taken? effectiveDateTime is required: "
                    + "NEWS2 scores readings taken together");
        }
        if (taken.isAfter(now.plus(CLOCK_SKEW))) {
            throw FhirException.invalid("Observation.effective[x]", "Taken at " + taken + ", which is in the future: "
                    + "check the clock of the device or system that sent it");
        }
        return taken;
    }

    private static Reading measured(Vital vital, Object value, String expression, Instant taken) {
        if (!(value instanceof Quantity quantity) || !quantity.hasValue()) {
            throw FhirException.invalid(expression, article(vital) + " reading needs its value as a Quantity "
                    + "in " + vital.unit());
        }
        BigDecimal measured = inUnit(vital, quantity, expression);
        if (measured.compareTo(vital.lowest()) < 0 || measured.compareTo(vital.highest()) > 0) {
            throw FhirException.invalid(expression, article(vital) + " of " + measured.stripTrailingZeros()
                    .toPlainString() + " " + vital.unit() + " cannot be a person's: it is taken as " + vital.lowest()
                    + "-" + vital.highest() + " " + vital.unit() + ". Check the device or the reading and send it again");
        }
        return Reading.measured(vital, measured, taken);
    }

    /** The value in the vital's UCUM unit: a temperature in degrees Fahrenheit is converted, other units refused. */
    private static BigDecimal inUnit(Vital vital, Quantity quantity, String expression) {
        String unit = quantity.hasCode() ? quantity.getCode() : null;
        if (unit == null || unit.equals(vital.unit())) {
            return quantity.getValue();
        }
        if (vital == Vital.TEMPERATURE && "[degF]".equals(unit)) {
            return quantity.getValue().subtract(BigDecimal.valueOf(32)).multiply(BigDecimal.valueOf(5))
                    .divide(BigDecimal.valueOf(9), 2, RoundingMode.HALF_UP);
        }
        throw FhirException.invalid(expression, article(vital) + " is sent in UCUM '" + vital.unit() + "', not '"
                + unit + "'");
    }

    /** "A pulse", "An oxygen saturation": the vital as a message begins with it. */
    private static String article(Vital vital) {
        return ("aeiou".indexOf(vital.label().charAt(0)) >= 0 ? "An " : "A ") + vital.label();
    }

    private static int whole(Reading reading) {
        return reading.measured().setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    private static boolean isCodedAs(CodeableConcept code, Vital vital) {
        return code.getCoding().stream().anyMatch(coding -> vital.isCodedBy(coding.getSystem(), coding.getCode()));
    }

    private static boolean has(CodeableConcept code, String system, String value) {
        return code.getCoding().stream().anyMatch(c -> system.equals(c.getSystem()) && value.equals(c.getCode()));
    }
}
