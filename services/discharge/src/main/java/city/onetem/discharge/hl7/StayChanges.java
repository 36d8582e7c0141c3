package city.onetem.discharge.hl7;

import city.onetem.discharge.DischargeToAssess;
import city.onetem.discharge.HospitalStay;
import city.onetem.discharge.HospitalStays;
import city.onetem.discharge.Reablement;
import city.onetem.platform.events.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * What each ADT event means for the stay. Every event carries what it knows of the stay (the
 * person, the ward, the admission time), so whichever arrives first creates the stay and the rest
 * fill it in: an A03 before its A01 still ends as one discharged stay. Cancellations (A11, A13)
 * are kept with the time the hospital recorded them, so that the admission or discharge they
 * cancel, arriving after them, does not undo them. A person admitted within 91 days of a
 * discharge is readmitted: the new stay names the old one.
 */
@ApplicationScoped
class StayChanges {

    @Inject
    HospitalStays stays;
    @Inject
    DischargeToAssess dischargeToAssess;

    /** Applies the message to its stay (created if new; the stay locked); returns what happened, for the ACK's text. */
    @Transactional(Transactional.TxType.MANDATORY)
    String apply(AdtMessage adt, String stayKey) {
        HospitalStay stay = HospitalStay.byKey(stayKey).orElseGet(() -> newStay(adt, stayKey));
        if (stay.nhsNumber != null && adt.nhsNumber() != null && !stay.nhsNumber.equals(adt.nhsNumber())) {
            throw Hl7Reject.error(Hl7Reject.UNKNOWN_KEY_IDENTIFIER, "PID-3", "This stay (" + describe(adt)
                    + ") was recorded for another NHS number: correct the person with a merge, not on this stay");
        }
        String before = HospitalStays.snapshot(stay);
        known(stay, adt);
        String what = switch (adt.trigger()) {
            case "A01" -> admit(stay, adt);
            case "A02" -> "transfer recorded";
            case "A03" -> discharge(stay, adt);
            case "A11" -> {
                stay.admissionCancelledAt = adt.recordedAt();
                yield "admission cancelled";
            }
            case "A13" -> {
                if (stay.dischargeCancelledAt == null || adt.recordedAt().isAfter(stay.dischargeCancelledAt)) {
                    stay.dischargeCancelledAt = adt.recordedAt();
                }
                stay.dischargedAt = null;
                stay.dischargeDisposition = null;
                if (Reablement.STARTED.equals(stay.reablementStatus)) {
                    stay.reablementStatus = Reablement.ALLOCATED; // the place is still theirs
                    stay.reablementStartedAt = null;
                }
                yield "discharge cancelled";
            }
            case "A16" -> "pending discharge recorded";
            default -> "update recorded";
        };
        String changedBy = "HL7 v2 ADT^" + adt.trigger() + " from " + adt.header().sender() + " ("
                + adt.header().controlId() + ")";
        String event = null;
        if (stay.announcedStatus == null && stay.readmissionOf == null && stay.inHospital()) {
            stay.readmissionOf = dischargeToAssess.readmissionOf(stay, changedBy);
            event = stay.readmissionOf == null ? null : EventTypes.DISCHARGE_READMITTED;
        }
        boolean discharging = stay.dischargedAt != null && !"finished".equals(stay.status);
        boolean changed = stays.save(stay, before, changedBy, event);
        if (changed && discharging) {
            dischargeToAssess.discharged(stay, changedBy);
        }
        String result = changed || what.endsWith("passed over") ? what : "nothing new: the stay already said this";
        return result + "; stay Encounter/" + stay.id;
    }

    private HospitalStay newStay(AdtMessage adt, String stayKey) {
        HospitalStay stay = new HospitalStay();
        stay.id = UUID.randomUUID().toString();
        stay.stayKey = stayKey;
        stay.hospital = adt.hospital();
        stay.visitNumber = adt.visitNumber();
        return stay;
    }

    /** What any ADT event says of the stay as it is now. */
    private void known(HospitalStay stay, AdtMessage adt) {
        if (adt.nhsNumber() != null) {
            stay.nhsNumber = adt.nhsNumber();
        }
        if (adt.hospitalNumber() != null) {
            stay.hospitalNumber = adt.hospitalNumber();
        }
        if (adt.location() != null) {
            stay.location = adt.location();
        }
        if (adt.admittedAt() != null) {
            stay.admittedAt = adt.admittedAt();
        }
        if (adt.admitSource() != null) {
            stay.admitSource = adt.admitSource();
        }
        if (adt.dischargeDisposition() != null && "A03".equals(adt.trigger())) {
            stay.dischargeDisposition = adt.dischargeDisposition();
        }
        if (adt.expectedDischarge() != null) {
            stay.expectedDischarge = adt.expectedDischarge();
        }
    }

    private String admit(HospitalStay stay, AdtMessage adt) {
        if (stay.admittedAt == null) {
            stay.admittedAt = adt.recordedAt();
        }
        if (stay.admissionCancelledAt != null && adt.recordedAt().isAfter(stay.admissionCancelledAt)) {
            stay.admissionCancelledAt = null; // admitted again after the cancellation
        }
        return "admission recorded";
    }

    private String discharge(HospitalStay stay, AdtMessage adt) {
        if (stay.dischargeCancelledAt != null && !adt.recordedAt().isAfter(stay.dischargeCancelledAt)) {
            return "discharge recorded before its cancellation: passed over";
        }
        Instant left = adt.dischargedAt() != null ? adt.dischargedAt() : adt.recordedAt();
        if (stay.admittedAt != null && left.isBefore(stay.admittedAt)) {
            throw Hl7Reject.error(Hl7Reject.DATA_TYPE_ERROR, "PV1-45", "The discharge (" + left
                    + ") is before this stay's admission (" + stay.admittedAt + ")");
        }
        stay.dischargedAt = left;
        return "discharge recorded";
    }

    private static String describe(AdtMessage adt) {
        return adt.visitNumber() != null ? "visit number " + adt.visitNumber() : "hospital number " + adt.hospitalNumber();
    }
}
