package city.onetem.discharge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * ADT messages as hospital patient administration systems send them (ER7), built field by field
 * so that each test says only what it is about: MSH, EVN, PID (hospital number and NHS number in
 * PID-3 repetitions), PV1 (ward, visit number, admission and discharge), PV2 when an expected
 * discharge date is given, and a Z-segment as real feeds carry.
 */
final class Adt {

    private String trigger;
    private String version = "2.4";
    private String sendingApplication = "PAS";
    private String sendingFacility = "RHM";
    private String controlId = UUID.randomUUID().toString().substring(0, 20);
    private String recorded = "20261130101500";
    private String patientIds;
    private String pid2 = "";
    private String ward = "WARD7^^12^RHM";
    private String visit;
    private String admitted = "20261128093000";
    private String discharged = "";
    private String expected;
    private String separator = "\r";
    private boolean zSegment = true;

    private Adt(String trigger, String nhs, String visit) {
        this.trigger = trigger;
        this.visit = visit;
        this.patientIds = "RHM" + Math.abs(java.util.Objects.hashCode(visit)) + "^^^RHM^MR" + (nhs == null ? "" : "~" + nhs + "^^^NHS^NH");
    }

    static Adt of(String trigger, String nhs, String visit) {
        return new Adt(trigger, nhs, visit);
    }

    Adt version(String value) {
        version = value;
        return this;
    }

    Adt from(String application, String facility) {
        sendingApplication = application;
        sendingFacility = facility;
        return this;
    }

    Adt controlId(String value) {
        controlId = value;
        return this;
    }

    String controlId() {
        return controlId;
    }

    Adt recorded(String value) {
        recorded = value;
        return this;
    }

    /** PID-3 as given, e.g. "123^^^RHM^MR~943...^^^NHS^NH". */
    Adt patientIds(String value) {
        patientIds = value;
        return this;
    }

    /** Older feeds: the NHS number in PID-2, none in PID-3. */
    Adt nhsInPid2(String nhs) {
        pid2 = nhs;
        patientIds = "RHM" + Math.abs(java.util.Objects.hashCode(visit)) + "^^^RHM^MR";
        return this;
    }

    Adt ward(String value) {
        ward = value;
        return this;
    }

    Adt visit(String value) {
        visit = value;
        return this;
    }

    Adt admitted(String value) {
        admitted = value;
        return this;
    }

    Adt discharged(String value) {
        discharged = value;
        return this;
    }

    Adt expected(String value) {
        expected = value;
        return this;
    }

    /** Segments ended by LF or CRLF, as some engines send them. */
    Adt separatedBy(String value) {
        separator = value;
        return this;
    }

    Adt withoutZSegment() {
        zSegment = false;
        return this;
    }

    String er7() {
        List<String> segments = new ArrayList<>();
        segments.add("MSH|^~\\&|" + sendingApplication + "|" + sendingFacility + "|ONETEM|ONETEM|" + recorded
                + "||ADT^" + trigger + "|" + controlId + "|P|" + version);
        segments.add("EVN|" + trigger + "|" + recorded);
        segments.add("PID|1|" + pid2 + "|" + patientIds + "||SMITH^JANE^^^MRS||19450312|F|||1 HIGH ST^^SOUTHAMPTON^^SO14 1AA");
        String[] pv1 = new String[46];
        Arrays.fill(pv1, "");
        pv1[0] = "PV1";
        pv1[1] = "1";
        pv1[2] = "I";
        pv1[3] = ward;
        pv1[7] = "C123^JONES^ALAN";
        pv1[10] = "MED";
        pv1[19] = visit == null ? "" : visit + "^^^RHM^VN";
        pv1[44] = admitted;
        pv1[45] = discharged;
        segments.add(String.join("|", pv1));
        if (expected != null) {
            String[] pv2 = new String[10];
            Arrays.fill(pv2, "");
            pv2[0] = "PV2";
            pv2[9] = expected;
            segments.add(String.join("|", pv2));
        }
        if (zSegment) {
            segments.add("ZPV|local|fields|the trust adds");
        }
        return String.join(separator, segments) + separator;
    }
}
