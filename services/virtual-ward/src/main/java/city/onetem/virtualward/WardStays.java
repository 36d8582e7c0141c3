package city.onetem.virtualward;

import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.events.EventTypes;
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
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.StringType;

/**
 * Changes to a stay on a ward after admission: the SpO2 scale a clinician records, and the end of
 * the stay with its outcome. Each is a new version of the EpisodeOfCare (If-Match optional: 412
 * when it changed since the version named), made under the stay's row lock.
 */
@ApplicationScoped
public class WardStays {

    /** On the EpisodeOfCare: 'scale' (1 or 2), 'decidedBy' (the clinician), 'recordedBy', 'recorded'. */
    public static final String SPO2_SCALE_EXTENSION = "https://onetem.city/fhir/StructureDefinition/spo2-scale";
    /** On the EpisodeOfCare: how the stay ended (valueCode, see WardOutcome). */
    public static final String OUTCOME_EXTENSION = "https://onetem.city/fhir/StructureDefinition/virtual-ward-outcome";

    @Inject
    Outbox outbox;

    /**
     * NEWS2 scores this person's saturation on scale 2 (hypercapnic respiratory failure, target
     * 88-92%) only when a clinician decides so; back to scale 1 the same way.
     */
    @Transactional
    public WardStay recordSpO2Scale(String id, String ifMatch, int scale, String decidedBy, String recordedBy) {
        if (scale != 1 && scale != 2) {
            throw FhirException.invalid("Parameters.parameter('scale')", "scale is 1 or 2 (valueInteger), not " + scale);
        }
        if (decidedBy == null || decidedBy.isBlank()) {
            throw FhirException.invalid("Parameters.parameter('clinician')", "Name the clinician who decided the "
                    + "scale (valueString): scale 2 hides a falling saturation in anyone it is not meant for");
        }
        WardStay stay = active(id, ifMatch);
        EpisodeOfCare episode = Fhir.parse(EpisodeOfCare.class, stay.resource);
        episode.getExtension().removeIf(extension -> SPO2_SCALE_EXTENSION.equals(extension.getUrl()));
        Extension said = episode.addExtension().setUrl(SPO2_SCALE_EXTENSION);
        said.addExtension("scale", new IntegerType(scale));
        said.addExtension("decidedBy", new StringType(decidedBy));
        said.addExtension("recordedBy", new StringType(recordedBy));
        said.addExtension("recorded", new DateTimeType(new Date()));
        stay.spo2Scale = (short) scale;
        stay.write(episode, new WardStayVersion(), recordedBy);
        return stay;
    }

    /** The stay ends with its outcome: monitoring stops, open escalations are resolved, the plan hears of it. */
    @Transactional
    public WardStay discharge(String id, String ifMatch, WardOutcome outcome, Instant time, String changedBy) {
        WardStay stay = active(id, ifMatch);
        Instant ended = time == null ? Instant.now() : time;
        if (ended.isBefore(stay.startedAt)) {
            throw FhirException.invalid("Parameters.parameter('time')", "The stay began at " + stay.startedAt
                    + ": it cannot end before that");
        }
        EpisodeOfCare episode = Fhir.parse(EpisodeOfCare.class, stay.resource)
                .setStatus(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
        episode.getPeriod().setEnd(Date.from(ended));
        episode.addExtension(OUTCOME_EXTENSION, new CodeType(outcome.code()));
        stay.status = episode.getStatus().toCode();
        stay.endedAt = ended;
        stay.outcome = outcome.code();
        stay.write(episode, new WardStayVersion(), changedBy);
        Escalation.activeFor(stay.id).forEach(escalation -> escalation.status = Escalation.RESOLVED);
        outbox.publish(OutboundEvent.of(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_DISCHARGED, "EpisodeOfCare", stay));
        return stay;
    }

    private static WardStay active(String id, String ifMatch) {
        WardStay stay = WardStay.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (stay == null) {
            throw FhirException.notFound("EpisodeOfCare", id);
        }
        AuditTrail.about(stay.nhsNumber);
        if (ifMatch != null && ResourceVersions.parseIfMatch(ifMatch) != stay.version) {
            throw FhirException.preconditionFailed("EpisodeOfCare/" + id + " is at version " + stay.version
                    + ": read it again and decide on what it says now");
        }
        if (!"active".equals(stay.status)) {
            throw FhirException.conflict("This stay has ended (" + stay.endedAt + "): nothing more changes on it");
        }
        return stay;
    }
}
