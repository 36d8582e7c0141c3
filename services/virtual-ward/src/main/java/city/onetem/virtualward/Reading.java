package city.onetem.virtualward;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One observation as NEWS2 reads it: a measured vital's value in its unit, the level of
 * consciousness, or whether the person is on supplemental oxygen; and when it was taken.
 */
public record Reading(Vital vital, BigDecimal measured, Consciousness consciousness, boolean onOxygen,
        Instant taken) {

    static Reading measured(Vital vital, BigDecimal value, Instant taken) {
        return new Reading(vital, value, null, vital == Vital.AIR_OR_OXYGEN && value.signum() > 0, taken);
    }

    static Reading consciousness(Consciousness level, Instant taken) {
        return new Reading(Vital.CONSCIOUSNESS, null, level, false, taken);
    }

    static Reading airOrOxygen(boolean onOxygen, Instant taken) {
        return new Reading(Vital.AIR_OR_OXYGEN, null, null, onOxygen, taken);
    }
}
