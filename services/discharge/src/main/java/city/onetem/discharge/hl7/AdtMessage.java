package city.onetem.discharge.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import city.onetem.platform.fhir.NhsNumber;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

/**
 * What discharge to assess needs from an ADT message, read the way trusts' feeds send it: the
 * NHS number from the PID-3 repetition whose assigning authority is NHS (whatever its type code),
 * or PID-2 in older feeds; the hospital number from another PID-3 repetition; the stay by its
 * visit number (PV1-19). Z-segments and fields this does not use are passed over.
 *
 * @param recordedAt when the hospital recorded the event (EVN-2, else MSH-7): orders a cancellation
 *                   against the message it cancels when the two arrive out of order
 */
public record AdtMessage(MessageHeader header, String trigger, String nhsNumber, String hospitalNumber,
        String visitNumber, String location, String admitSource, String dischargeDisposition, Instant admittedAt,
        Instant dischargedAt, Instant expectedDischarge, Instant recordedAt) {

    /** The assigning authorities (CX-4) that mean "NHS number": the name trusts use, and the NHS number's OID. */
    private static final Set<String> NHS_AUTHORITIES = Set.of("NHS", "2.16.840.1.113883.2.1.4.1");

    static AdtMessage read(MessageHeader header, String er7, PipeParser parser, ZoneId hospitalZone) {
        Message message;
        try {
            message = parser.parse(er7);
        } catch (HL7Exception e) {
            throw Hl7Reject.reject(Hl7Reject.APPLICATION_INTERNAL_ERROR, null,
                    "The message could not be parsed as HL7 v2 ER7: " + e.getMessage());
        }
        Terser terser = new Terser(message);
        try {
            Segment pid = segment(terser, "PID");
            Segment pv1 = segment(terser, "PV1");
            String nhsNumber = nhsNumber(pid);
            String hospitalNumber = hospitalNumber(pid);
            if (nhsNumber == null && hospitalNumber == null) {
                throw Hl7Reject.error(Hl7Reject.REQUIRED_FIELD_MISSING, "PID-3",
                        "No patient identifier: PID-3 carries neither an NHS number (assigning authority NHS) "
                                + "nor a hospital number, and PID-2 no NHS number");
            }
            Instant admitted = Hl7Time.parse(Terser.get(pv1, 44, 0, 1, 1), hospitalZone, "PV1-44");
            Instant discharged = Hl7Time.parse(Terser.get(pv1, 45, 0, 1, 1), hospitalZone, "PV1-45");
            if (admitted != null && discharged != null && discharged.isBefore(admitted)) {
                throw Hl7Reject.error(Hl7Reject.DATA_TYPE_ERROR, "PV1-45", "The discharge date/time (PV1-45) "
                        + Terser.get(pv1, 45, 0, 1, 1) + " is before the admission (PV1-44) "
                        + Terser.get(pv1, 44, 0, 1, 1));
            }
            Instant expected = null;
            Segment pv2 = optionalSegment(terser, "PV2");
            if (pv2 != null) {
                expected = Hl7Time.parse(Terser.get(pv2, 9, 0, 1, 1), hospitalZone, "PV2-9");
            }
            Instant recorded = Hl7Time.parse(terser.get("/.EVN-2-1"), hospitalZone, "EVN-2");
            if (recorded == null) {
                recorded = Hl7Time.parse(terser.get("/.MSH-7-1"), hospitalZone, "MSH-7");
            }
            String ward = Terser.get(pv1, 3, 0, 1, 1);
            String bed = Terser.get(pv1, 3, 0, 3, 1);
            return new AdtMessage(header, header.triggerEvent(), nhsNumber, hospitalNumber,
                    blankToNull(Terser.get(pv1, 19, 0, 1, 1)),
                    ward == null ? null : bed == null ? ward : ward + ", bed " + bed,
                    blankToNull(Terser.get(pv1, 14, 0, 1, 1)), blankToNull(Terser.get(pv1, 36, 0, 1, 1)),
                    admitted, discharged, expected, recorded);
        } catch (HL7Exception e) {
            throw Hl7Reject.reject(Hl7Reject.APPLICATION_INTERNAL_ERROR, null,
                    "The message could not be read: " + e.getMessage());
        }
    }

    /** The sending hospital's code (MSH-4, its first component). */
    public String hospital() {
        return header.component(4, 1);
    }

    /**
     * What identifies the stay within the hospital: the visit number, else the patient's
     * hospital (or NHS) number and the admission time; null when the message has neither.
     */
    public String stayKey() {
        if (visitNumber != null) {
            return hospital() + "|visit|" + visitNumber;
        }
        if (admittedAt == null) {
            return null;
        }
        return hospital() + (hospitalNumber != null ? "|patient|" + hospitalNumber : "|nhs|" + nhsNumber)
                + "|admitted|" + admittedAt;
    }

    private static Segment segment(Terser terser, String name) throws HL7Exception {
        Segment segment = optionalSegment(terser, name);
        if (segment == null) {
            throw Hl7Reject.error(Hl7Reject.SEGMENT_SEQUENCE_ERROR, name,
                    "The " + name + " segment is missing: an ADT message needs MSH, EVN, PID and PV1");
        }
        return segment;
    }

    private static Segment optionalSegment(Terser terser, String name) throws HL7Exception {
        try {
            Segment segment = terser.getSegment("/." + name);
            return segment.isEmpty() ? null : segment;
        } catch (HL7Exception absent) {
            return null;
        }
    }

    private static String nhsNumber(Segment pid) throws HL7Exception {
        int repetitions = pid.getField(3).length;
        for (int rep = 0; rep < repetitions; rep++) {
            String value = blankToNull(Terser.get(pid, 3, rep, 1, 1));
            if (value != null && isNhsNumber(pid, rep)) {
                return checked(value, "PID-3");
            }
        }
        // Older feeds: PID-2 (external id), when no other authority is named for it.
        String older = blankToNull(Terser.get(pid, 2, 0, 1, 1));
        String olderAuthority = blankToNull(Terser.get(pid, 2, 0, 4, 1));
        return older == null || (olderAuthority != null && !isNhs(olderAuthority)) ? null : checked(older, "PID-2");
    }

    /** Authority NHS (by name or OID), or no authority and the type code NH (national health plan identifier). */
    private static boolean isNhsNumber(Segment pid, int rep) throws HL7Exception {
        String authority = blankToNull(Terser.get(pid, 3, rep, 4, 1));
        String authorityId = blankToNull(Terser.get(pid, 3, rep, 4, 2));
        if (authority != null || authorityId != null) {
            return isNhs(authority) || isNhs(authorityId);
        }
        return "NH".equalsIgnoreCase(blankToNull(Terser.get(pid, 3, rep, 5, 1)));
    }

    private static String hospitalNumber(Segment pid) throws HL7Exception {
        int repetitions = pid.getField(3).length;
        for (int rep = 0; rep < repetitions; rep++) {
            String value = blankToNull(Terser.get(pid, 3, rep, 1, 1));
            if (value != null && !isNhsNumber(pid, rep)) {
                return value;
            }
        }
        return null;
    }

    /** The number with any spaces taken out (some systems send it as printed, 943 476 5919), checked. */
    private static String checked(String candidate, String field) {
        String value = candidate.replace(" ", "");
        String problem = NhsNumber.problem(value);
        if (problem != null) {
            throw Hl7Reject.error(Hl7Reject.DATA_TYPE_ERROR, field, problem + " (" + field + ")");
        }
        return value;
    }

    private static boolean isNhs(String authority) {
        return authority != null && NHS_AUTHORITIES.contains(authority.trim().toUpperCase());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
