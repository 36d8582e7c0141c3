package city.onetem.platform.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Discharge to assess pathways: where a person goes when they leave hospital, to be assessed
 * there rather than on the ward.
 */
public enum DischargePathway {
    HOME(0, "home with no new support"),
    HOME_WITH_SUPPORT(1, "home with health or social care support (reablement, rehabilitation)"),
    SHORT_TERM_BED(2, "short-term bedded rehabilitation or care"),
    LONG_TERM_CARE(3, "long-term 24-hour care, usually a care home");

    private final int number;
    private final String meaning;

    DischargePathway(int number, String meaning) {
        this.number = number;
        this.meaning = meaning;
    }

    public int number() {
        return number;
    }

    public String meaning() {
        return meaning;
    }

    public static Optional<DischargePathway> of(int number) {
        return Arrays.stream(values()).filter(p -> p.number == number).findFirst();
    }

    @Override
    public String toString() {
        return "pathway " + number + " (" + meaning + ")";
    }
}
