package city.onetem.discharge;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a person's reablement ended: what care they need after it (the city reports the share needing none). */
public enum ReablementOutcome {
    NO_ONGOING_CARE("no-ongoing-care", "no ongoing care needed"),
    REDUCED("reduced", "less care than before"),
    SAME("same", "the same care as before"),
    INCREASED("increased", "more care than before"),
    READMITTED("readmitted", "readmitted to hospital"),
    DIED("died", "died");

    private final String code;
    private final String display;

    ReablementOutcome(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    public static Optional<ReablementOutcome> of(String code) {
        return Arrays.stream(values()).filter(outcome -> outcome.code.equals(code)).findFirst();
    }

    public static String codes() {
        return Arrays.stream(values()).map(ReablementOutcome::code).collect(Collectors.joining(", "));
    }
}
