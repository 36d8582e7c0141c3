package city.onetem.discharge;

import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.NamedLocks;
import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.ResourceVersions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.Objects;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Encounter;

/**
 * Writes a changed stay as its next version and tells the person's care plan what changed, in
 * the same transaction. The plan hears of a stay only once its NHS number is known; then it
 * hears what the stay is now (admitted, discharged) and every later change of status, including
 * the corrections when a hospital cancels an admission or a discharge. Every writer of a stay
 * takes its lock first ({@link #lock}), then any other lock: the hospital feed, the hub's
 * operations and the daily counts never overwrite each other.
 */
@ApplicationScoped
public class HospitalStays {

    /** The stays' lock space (NamedLocks): a stay by its key. */
    static final int LOCK_SPACE = 2575;

    @Inject
    Outbox outbox;
    @Inject
    NamedLocks locks;

    /** The stay as it is now, before a change: to tell whether a message changed anything. */
    public static String snapshot(HospitalStay stay) {
        return stay.version == 0 ? null : Fhir.toJson(stay.toEncounter());
    }

    /** Holds the stay's key until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String stayKey) {
        locks.lock(LOCK_SPACE, stayKey);
    }

    /**
     * The stay to change, locked and read after the lock; 404 if there is none, 412 if If-Match
     * (optional) names another version than the current one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public HospitalStay toChange(String id, String ifMatch) {
        HospitalStay stay = HospitalStay.findById(id);
        if (stay == null) {
            throw FhirException.notFound("Encounter", id);
        }
        AuditTrail.about(stay.nhsNumber);
        lock(stay.stayKey);
        HospitalStay.getEntityManager().refresh(stay, LockModeType.NONE);
        if (ifMatch != null && ResourceVersions.parseIfMatch(ifMatch) != stay.version) {
            throw FhirException.preconditionFailed("Encounter/" + id + " is at version " + stay.version
                    + ": read it again and decide on what it says now");
        }
        return stay;
    }

    /** As {@link #save(HospitalStay, String, String, String)}, telling the plan only of a change of status. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean save(HospitalStay stay, String before, String changedBy) {
        return save(stay, before, changedBy, null);
    }

    /**
     * Writes the stay if it differs from {@code before} (a snapshot); returns whether it did.
     * Publishes {@code event} when given, else the change of status the plan has not heard of yet.
     * One event per version: the plan applies each version once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean save(HospitalStay stay, String before, String changedBy, String event) {
        Encounter encounter = stay.toEncounter();
        if (Objects.equals(before, Fhir.toJson(encounter))) {
            return false;
        }
        stay.status = encounter.getStatus().toCode();
        String publish = null;
        if (stay.nhsNumber != null) {
            String statusEvent = statusEvent(stay.announcedStatus, encounter.getStatus());
            // Nothing is said of a stay the plan never heard of and that turned out to be an error.
            publish = event != null && (stay.announcedStatus != null || statusEvent != null) ? event : statusEvent;
            stay.announcedStatus = stay.status;
        }
        stay.write(encounter, new HospitalStayVersion(), changedBy);
        if (publish != null) {
            outbox.publish(OutboundEvent.of(Topics.DISCHARGES, publish, "Encounter", stay));
        }
        return true;
    }

    /** The event that moves the plan from what it was told to what the stay is now; null when none does. */
    static String statusEvent(String announced, EncounterStatus now) {
        String told = announced == null ? "" : announced;
        return switch (now) {
            case INPROGRESS -> told.equals(EncounterStatus.FINISHED.toCode()) ? EventTypes.DISCHARGE_DISCHARGE_CANCELLED
                    : told.equals(EncounterStatus.INPROGRESS.toCode()) ? null : EventTypes.DISCHARGE_ADMITTED;
            case FINISHED -> told.equals(EncounterStatus.FINISHED.toCode()) ? null : EventTypes.DISCHARGE_DISCHARGED;
            case ENTEREDINERROR -> told.isEmpty() || told.equals(EncounterStatus.ENTEREDINERROR.toCode()) ? null
                    : EventTypes.DISCHARGE_ADMISSION_CANCELLED;
            default -> null;
        };
    }
}
