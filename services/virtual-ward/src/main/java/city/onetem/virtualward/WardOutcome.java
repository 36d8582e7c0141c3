package city.onetem.virtualward;

import city.onetem.platform.fhir.CodedValue;
import java.util.Optional;

/** How a virtual ward stay ended: what the measures count as an admission avoided is a step-up ending at home. */
public enum WardOutcome implements CodedValue {
    HOME("home", "home under the cluster team"),
    ADMITTED("admitted-to-hospital", "admitted to hospital"),
    DIED("died", "died");

    private final String code;
    private final String display;

    WardOutcome(String code, String display) {
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

    public static Optional<WardOutcome> of(String code) {
        return CodedValue.byCode(WardOutcome.class, code);
    }

    public static String codes() {
        return CodedValue.codes(WardOutcome.class);
    }
}
