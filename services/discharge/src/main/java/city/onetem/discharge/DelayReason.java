package city.onetem.discharge;

import city.onetem.platform.fhir.CodedValue;
import java.util.Optional;

/**
 * Why a person who no longer meets the criteria to reside is still in hospital: the reasons the
 * NHS discharge sitrep groups delays by, as codes a discharge hub sends with $delay-reason.
 */
public enum DelayReason implements CodedValue {
    AWAITING_REABLEMENT("awaiting-reablement", "awaiting reablement or rehabilitation at home (pathway 1 capacity)"),
    AWAITING_CARE_PACKAGE("awaiting-care-package", "awaiting a package of care at home"),
    AWAITING_BED("awaiting-bed", "awaiting a bed: rehabilitation, intermediate care, residential or nursing home"),
    AWAITING_ASSESSMENT("awaiting-assessment", "awaiting an assessment (care needs, continuing healthcare)"),
    AWAITING_EQUIPMENT("awaiting-equipment", "awaiting equipment or adaptations at home"),
    AWAITING_HOUSING("awaiting-housing", "awaiting housing"),
    AWAITING_TRANSPORT("awaiting-transport", "awaiting transport"),
    FAMILY_CHOICE("family-choice", "the person's or family's choice"),
    NOT_RECORDED("not-recorded", "reason not yet recorded"),
    OTHER("other", "another reason");

    private final String code;
    private final String display;

    DelayReason(String code, String display) {
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

    public static Optional<DelayReason> of(String code) {
        return CodedValue.byCode(DelayReason.class, code);
    }

    /** The codes, for a message saying which are accepted. */
    public static String codes() {
        return CodedValue.codes(DelayReason.class);
    }
}
