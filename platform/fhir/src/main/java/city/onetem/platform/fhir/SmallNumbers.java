package city.onetem.platform.fhir;

/**
 * Statistical disclosure control as NHS England publishes figures: a count of 1 to 7 is
 * suppressed, every other count is rounded to the nearest 5 (0 stays 0), and a figure worked out
 * from a suppressed count (a percentage, a mean, a rate) is suppressed with it. Applied to the
 * measures a caller reads when the people counted are not all people they may see one by one.
 */
public final class SmallNumbers {

    /** The largest count that is suppressed. */
    public static final int SUPPRESSED_UP_TO = 7;
    /** Counts above that are rounded to a multiple of this. */
    public static final int ROUNDED_TO = 5;

    private SmallNumbers() {
    }

    /** Whether a count is too small to show. */
    public static boolean suppressed(long count) {
        return count >= 1 && count <= SUPPRESSED_UP_TO;
    }

    /** The count as it may be shown: null when suppressed, else rounded to the nearest 5 (halves up). */
    public static Long shown(long count) {
        if (suppressed(count)) {
            return null;
        }
        return Math.floorDiv(count + ROUNDED_TO / 2, ROUNDED_TO) * ROUNDED_TO;
    }
}
