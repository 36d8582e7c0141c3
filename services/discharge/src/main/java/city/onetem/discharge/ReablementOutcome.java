package city.onetem.discharge;

import city.onetem.platform.fhir.CodedValue;
import java.util.Optional;

/** How a person's reablement ended: what care they need after it (the city reports the share needing none). */
public enum ReablementOutcome implements CodedValue {
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

    @Override
    public String code() {
        return code;
    }

    @Override
    public String display() {
        return display;
    }

    public static Optional<ReablementOutcome> of(String code) {
        return CodedValue.byCode(ReablementOutcome.class, code);
    }

    /** The codes, for a message saying which are accepted. */
    public static String codes() {
        return CodedValue.codes(ReablementOutcome.class);
    }
}
