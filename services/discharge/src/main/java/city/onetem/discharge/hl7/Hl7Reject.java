package city.onetem.discharge.hl7;

/**
 * Why a message is not applied, as its ACK says it: AE (application error: the content is wrong
 * and resending it unchanged will not help) or AR (application reject: not a message this
 * receiver takes, or the receiver cannot take it now). Codes from HL7 table 0357.
 */
public final class Hl7Reject extends RuntimeException {

    static final String SEGMENT_SEQUENCE_ERROR = "100";
    static final String REQUIRED_FIELD_MISSING = "101";
    static final String DATA_TYPE_ERROR = "102";
    static final String UNSUPPORTED_MESSAGE_TYPE = "200";
    static final String UNKNOWN_KEY_IDENTIFIER = "204";
    static final String APPLICATION_INTERNAL_ERROR = "207";

    private final String acknowledgement;
    private final String errorCode;
    private final String location;

    private Hl7Reject(String acknowledgement, String errorCode, String location, String message) {
        super(message);
        this.acknowledgement = acknowledgement;
        this.errorCode = errorCode;
        this.location = location;
    }

    /** AE: what the message says cannot be applied; {@code location} e.g. "PID-3". */
    static Hl7Reject error(String errorCode, String location, String message) {
        return new Hl7Reject("AE", errorCode, location, message);
    }

    /** AR: the message is not one this receiver takes, or cannot be read, or the receiver is unavailable. */
    static Hl7Reject reject(String errorCode, String location, String message) {
        return new Hl7Reject("AR", errorCode, location, message);
    }

    String acknowledgement() {
        return acknowledgement;
    }

    String errorCode() {
        return errorCode;
    }

    /** Segment and field, "PID-3", or null when the message as a whole is at fault. */
    String location() {
        return location;
    }
}
