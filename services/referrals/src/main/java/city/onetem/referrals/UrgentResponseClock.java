package city.onetem.referrals;

import java.time.Duration;

/**
 * The urgent community response 2-hour clock: it starts when the SPA receives the referral and
 * stops at the first face-to-face contact.
 */
public final class UrgentResponseClock {

    public static final Duration TARGET = Duration.ofHours(2);

    private UrgentResponseClock() {
    }

    public static boolean withinTwoHours(Referral referral) {
        return referral.firstContactAt != null
                && Duration.between(referral.receivedAt, referral.firstContactAt).compareTo(TARGET) <= 0;
    }
}
