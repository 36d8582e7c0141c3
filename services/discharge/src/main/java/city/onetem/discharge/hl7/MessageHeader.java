package city.onetem.discharge.hl7;

import java.util.regex.Pattern;

/**
 * The MSH segment read as plain text, before and apart from a full parse, so that even a message
 * that cannot be parsed gets an ACK addressed to its sender and naming its control id.
 *
 * @param fields MSH-1 (the field separator) at 1, MSH-2 (the encoding characters) at 2, ...
 */
record MessageHeader(String[] fields, char componentSeparator) {

    private static final Pattern SEGMENT_END = Pattern.compile("\r\n|\n|\r");

    /** The header of the message's first segment; an empty header when it does not start with MSH. */
    static MessageHeader of(String message) {
        String first = message == null ? "" : SEGMENT_END.split(message.stripLeading(), 2)[0];
        if (first.length() < 8 || !first.startsWith("MSH")) {
            return new MessageHeader(new String[0], '^');
        }
        char fieldSeparator = first.charAt(3);
        String[] split = first.split(Pattern.quote(String.valueOf(fieldSeparator)), -1);
        String[] fields = new String[split.length + 1];
        fields[1] = String.valueOf(fieldSeparator);
        System.arraycopy(split, 1, fields, 2, split.length - 1);
        return new MessageHeader(fields, split[1].isEmpty() ? '^' : split[1].charAt(0));
    }

    /** Segment separators as sent (CR, CRLF or LF) made the standard CR. */
    static String withCarriageReturns(String message) {
        return SEGMENT_END.matcher(message.strip()).replaceAll("\r");
    }

    boolean present() {
        return fields.length > 0;
    }

    /** MSH-n whole, "" when absent. */
    String field(int n) {
        return n < fields.length && fields[n] != null ? fields[n] : "";
    }

    /** MSH-n component c (1-based), "" when absent. */
    String component(int n, int c) {
        String[] components = field(n).split(Pattern.quote(String.valueOf(componentSeparator)), -1);
        return c <= components.length ? components[c - 1] : "";
    }

    String sendingApplication() {
        return field(3);
    }

    String sendingFacility() {
        return field(4);
    }

    String receivingApplication() {
        return field(5);
    }

    String receivingFacility() {
        return field(6);
    }

    String messageType() {
        return component(9, 1);
    }

    String triggerEvent() {
        return component(9, 2);
    }

    String controlId() {
        return field(10);
    }

    String processingId() {
        return component(11, 1);
    }

    String version() {
        return component(12, 1);
    }

    String characterSet() {
        return field(18);
    }

    /** Who sent it, for recognising the same message again: application and facility (MSH-3, MSH-4). */
    String sender() {
        return sendingApplication() + "|" + sendingFacility();
    }
}
