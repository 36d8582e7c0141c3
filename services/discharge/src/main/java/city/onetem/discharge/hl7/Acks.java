package city.onetem.discharge.hl7;

import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.Escape;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Original-mode acknowledgements (ACK): MSH addressed back to the sender, MSA-1 AA, AE or AR,
 * MSA-2 the message's control id (MSH-10), MSA-3 a text a person can act on, and for an error an
 * ERR segment: ERR-1 in versions before 2.5, ERR-2/3/4/8 from 2.5 on (where ERR-1 was withdrawn).
 */
final class Acks {

    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private final String application;
    private final String facility;
    private final ZoneId zone;

    Acks(String application, String facility, ZoneId zone) {
        this.application = application;
        this.facility = facility;
        this.zone = zone;
    }

    /** MSA-1 of an ACK made here: AA, AE or AR. */
    static String code(String ack) {
        int msa = ack.indexOf("\rMSA|");
        return msa < 0 ? "none" : ack.substring(msa + 5, ack.indexOf('|', msa + 5));
    }

    String accepted(MessageHeader header, String text) {
        return ack(header, "AA", text, null);
    }

    String refused(MessageHeader header, Hl7Reject why) {
        return ack(header, why.acknowledgement(), why.getMessage(), why);
    }

    private String ack(MessageHeader header, String code, String text, Hl7Reject error) {
        String version = header.version().isEmpty() ? "2.5.1" : header.version();
        StringBuilder ack = new StringBuilder("MSH|^~\\&|")
                .append(orDefault(header.receivingApplication(), application)).append('|')
                .append(orDefault(header.receivingFacility(), facility)).append('|')
                .append(header.sendingApplication()).append('|')
                .append(header.sendingFacility()).append('|')
                .append(ZonedDateTime.now(zone).format(HL7_TIME)).append("||ACK^")
                .append(escape(header.triggerEvent())).append("^ACK|")
                .append(UUID.randomUUID().toString().replace("-", "").substring(0, 20)).append('|')
                .append(orDefault(header.processingId(), "P")).append('|')
                .append(version).append('\r')
                .append("MSA|").append(code).append('|').append(header.controlId()).append('|')
                .append(escape(text)).append('\r');
        if (error != null) {
            String location = error.location() == null ? "" : error.location();
            String segment = location.contains("-") ? location.substring(0, location.indexOf('-')) : location;
            String field = location.contains("-") ? location.substring(location.indexOf('-') + 1) : "";
            String codeText = error.errorCode() + "^" + errorName(error.errorCode()) + "^HL70357";
            if (before25(version)) {
                ack.append("ERR|").append(segment).append("^1^").append(field).append('^')
                        .append(codeText.replace('^', '&')).append('\r');
            } else {
                ack.append("ERR||").append(segment.isEmpty() ? "" : segment + "^1^" + field).append('|')
                        .append(codeText).append("|E||||").append(escape(error.getMessage())).append('\r');
            }
        }
        return ack.toString();
    }

    private static boolean before25(String version) {
        return version.startsWith("2.1") || version.startsWith("2.2") || version.startsWith("2.3")
                || version.startsWith("2.4");
    }

    private static String errorName(String code) {
        return switch (code) {
            case Hl7Reject.SEGMENT_SEQUENCE_ERROR -> "Segment sequence error";
            case Hl7Reject.REQUIRED_FIELD_MISSING -> "Required field missing";
            case Hl7Reject.DATA_TYPE_ERROR -> "Data type error";
            case Hl7Reject.UNSUPPORTED_MESSAGE_TYPE -> "Unsupported message type";
            case Hl7Reject.UNKNOWN_KEY_IDENTIFIER -> "Unknown key identifier";
            default -> "Application internal error";
        };
    }

    private static String orDefault(String value, String otherwise) {
        return value == null || value.isEmpty() ? otherwise : value;
    }

    /** Text carried in a field: one line, with the ER7 escapes. */
    static String escape(String text) {
        return text == null ? "" : Escape.escape(text.replace('\r', ' ').replace('\n', ' '),
                EncodingCharacters.defaultInstance());
    }
}
