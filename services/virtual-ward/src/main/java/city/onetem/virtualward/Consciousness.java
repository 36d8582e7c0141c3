package city.onetem.virtualward;

import city.onetem.platform.fhir.CodedValue;
import java.util.Optional;

/**
 * ACVPU, the level of consciousness NEWS2 scores: alert 0, anything else 3. The codes are SNOMED
 * CT's, as the UK's ACVPU value set (CareConnect) has them.
 */
public enum Consciousness implements CodedValue {
    ALERT("248234008", "Mentally alert"),
    NEW_CONFUSION("130987000", "Acute confusion"),
    VOICE("300202002", "Responds to voice"),
    PAIN("450847001", "Responds to pain"),
    UNRESPONSIVE("422768004", "Unresponsive");

    public static final String SYSTEM = "http://snomed.info/sct";

    private final String code;
    private final String display;

    Consciousness(String code, String display) {
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

    public static Optional<Consciousness> of(String snomed) {
        return CodedValue.byCode(Consciousness.class, snomed);
    }
}
