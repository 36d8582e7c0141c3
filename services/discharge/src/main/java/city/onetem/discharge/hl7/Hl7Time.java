package city.onetem.discharge.hl7;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * HL7 v2 date/times (DTM, and the first component of TS): YYYY[MM[DD[HH[MM[SS[.S...]]]]]][+/-ZZZZ].
 * Most hospital feeds send local time with no offset: that is read in the hospital's zone.
 */
final class Hl7Time {

    private Hl7Time() {
    }

    /** The instant, null for an empty value; {@link Hl7Reject} naming the field when it is not a date/time. */
    static Instant parse(String value, ZoneId localZone, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            ZoneId zone = localZone;
            int sign = Math.max(text.indexOf('+'), text.indexOf('-'));
            if (sign > 0) {
                zone = ZoneOffset.of(text.substring(sign, sign + 3) + ":" + text.substring(sign + 3));
                text = text.substring(0, sign);
            }
            int dot = text.indexOf('.');
            int nanos = 0;
            if (dot > 0) {
                String fraction = (text.substring(dot + 1) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(fraction);
                text = text.substring(0, dot);
            }
            if (text.length() < 4 || text.length() > 14 || text.length() % 2 != 0 || !text.chars().allMatch(Character::isDigit)) {
                throw new DateTimeException("not YYYY[MM[DD[HH[MM[SS]]]]]");
            }
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(text.substring(0, 4)), part(text, 4, 1), part(text, 6, 1),
                    part(text, 8, 0), part(text, 10, 0), part(text, 12, 0), nanos);
            return local.atZone(zone).toInstant();
        } catch (RuntimeException e) {
            throw Hl7Reject.error(Hl7Reject.DATA_TYPE_ERROR, field,
                    field + " '" + value + "' is not an HL7 date/time (YYYYMMDDHHMM[SS][+/-ZZZZ])");
        }
    }

    private static int part(String text, int at, int absent) {
        return text.length() > at ? Integer.parseInt(text.substring(at, at + 2)) : absent;
    }
}
