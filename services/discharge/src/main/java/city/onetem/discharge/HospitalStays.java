package city.onetem.discharge;

import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.Fhir;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Objects;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;

/**
 * Writes a changed stay as its next version and tells the person's care plan what changed, in
 * the same transaction. The plan hears of a stay only once its NHS number is known; then it
 * hears what the stay is now (admitted, discharged) and every later change of status, including
 * the corrections when a hospital cancels an admission or a discharge.
 */
@ApplicationScoped
public class HospitalStays {

    @Inject
    Outbox outbox;

    /** The stay as it is now, before a change: to tell whether a message changed anything. */
    public static String snapshot(HospitalStay stay) {
        return stay.version == 0 ? null : Fhir.toJson(stay.toEncounter());
    }

    /**
     * Writes the stay if it differs from {@code before} (a snapshot); returns whether it did.
     * Publishes the status change the plan has not heard of yet.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean save(HospitalStay stay, String before, String changedBy) {
        Encounter encounter = stay.toEncounter();
        if (Objects.equals(before, Fhir.toJson(encounter))) {
            return false;
        }
        stay.status = encounter.getStatus().toCode();
        String announce = stay.nhsNumber == null ? null : statusEvent(stay.announcedStatus, encounter.getStatus());
        if (stay.nhsNumber != null) {
            stay.announcedStatus = stay.status;
        }
        stay.write(encounter, new HospitalStayVersion(), changedBy);
        if (announce != null) {
            outbox.publish(OutboundEvent.of(Topics.DISCHARGES, announce, "Encounter", stay));
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
