package city.onetem.referrals;

import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.events.CommittedCounts;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.PersonLocks;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.BiConsumer;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;

/**
 * Moves a referral through its states. Each move is one new version of the ServiceRequest and one
 * event, in one transaction; a move the state does not allow is a 409 that changes nothing, and a
 * stale If-Match is a 412, so two SPA staff never overwrite each other's decision.
 */
@ApplicationScoped
public class ReferralWorkflow {

    private static final Map<ReferralState, String> EVENTS = Map.of(
            ReferralState.TRIAGED, EventTypes.REFERRAL_TRIAGED,
            ReferralState.ACCEPTED, EventTypes.REFERRAL_ACCEPTED,
            ReferralState.REDIRECTED, EventTypes.REFERRAL_REDIRECTED,
            ReferralState.DECLINED, EventTypes.REFERRAL_DECLINED,
            ReferralState.COMPLETED, EventTypes.REFERRAL_COMPLETED,
            ReferralState.CANCELLED, EventTypes.REFERRAL_CANCELLED,
            ReferralState.ENTERED_IN_ERROR, EventTypes.REFERRAL_ENTERED_IN_ERROR);

    @Inject
    Outbox outbox;
    @Inject
    CommittedCounts counts;
    @Inject
    PersonLocks personLocks;
    @Inject
    ClusterDirectory clusters;

    /** A decision: what to change on the referral, and how to record it on the ServiceRequest. */
    public record Decision(ReferralState next, String reason, BiConsumer<Referral, ServiceRequest> change) {

        public static Decision to(ReferralState next, String reason) {
            return new Decision(next, reason, (referral, request) -> {
            });
        }
    }

    @Transactional
    public Referral decide(String id, Long expectedVersion, Decision decision, String decidedBy) {
        Referral referral = lock(id, expectedVersion);
        boolean withdrawn = decision.next() == ReferralState.CANCELLED || decision.next() == ReferralState.ENTERED_IN_ERROR;
        if (referral.untraced() && !withdrawn) {
            throw FhirException.businessRule("ServiceRequest/" + id + " has no NHS number yet: trace it first "
                    + "(POST /fhir/ServiceRequest/" + id + "/$trace), or cancel it");
        }
        if (!referral.state.canMoveTo(decision.next())) {
            throw FhirException.conflict("ServiceRequest/" + id + " is " + referral.state.code() + "; it cannot become "
                    + decision.next().code() + " from there");
        }
        ServiceRequest request = Fhir.parse(ServiceRequest.class, referral.resource);
        Instant now = Instant.now();
        referral.state = decision.next();
        if (decision.next() == ReferralState.TRIAGED) {
            referral.triagedAt = now;
        } else {
            referral.decidedAt = now;
        }
        decision.change().accept(referral, request);
        recordDecision(request, decision, decidedBy, now);
        return save(referral, request, decidedBy, EVENTS.get(decision.next()));
    }

    /**
     * Records the NHS number the SPA traced for a referral received without one. From here on it is
     * like any other referral: routed by the practice (if the trace found one), linked to the
     * person's open referral, and published as received, so it reaches their care plan.
     */
    @Transactional
    public Referral trace(String id, Long expectedVersion, NhsNumber person, String practiceOds, String tracedBy) {
        personLocks.lock(person);
        Referral referral = lock(id, expectedVersion);
        if (!referral.untraced()) {
            throw FhirException.conflict("ServiceRequest/" + id + " already has the person's NHS number");
        }
        if (!referral.state.isOpen()) {
            throw FhirException.conflict("ServiceRequest/" + id + " is " + referral.state.code() + ": nothing to trace");
        }
        referral.nhsNumber = person.value();
        if (practiceOds != null) {
            // The registered practice the trace found outranks what the referral implied.
            referral.practiceOds = practiceOds;
            clusters.clusterFor(practiceOds).ifPresent(route -> referral.cluster = route.code());
        }
        referral.linkedTo = Referral.openReferralOf(person.value()).orElse(null);
        ServiceRequest request = Fhir.parse(ServiceRequest.class, referral.resource);
        Identifier nhsNumber = new Identifier().setSystem(NhsNumber.SYSTEM).setValue(person.value());
        request.getSubject().setIdentifier(nhsNumber);
        Patient patient = IncomingReferral.patientOf(request);
        if (patient != null) {
            patient.addIdentifier(nhsNumber.copy());
        }
        return save(referral, request, tracedBy, EventTypes.REFERRAL_RECEIVED);
    }

    /** Stops the urgent community response clock at the first face-to-face contact. */
    @Transactional
    public Referral recordFirstContact(String id, Long expectedVersion, Instant contactAt, String recordedBy) {
        Referral referral = lock(id, expectedVersion);
        if (referral.priority != ReferralPriority.UCR_2_HOUR) {
            throw FhirException.businessRule("ServiceRequest/" + id
                    + " is not an urgent community response referral: it has no 2-hour clock to stop");
        }
        if (referral.firstContactAt != null) {
            throw FhirException.conflict("The first face-to-face contact for ServiceRequest/" + id
                    + " was already recorded at " + referral.firstContactAt);
        }
        if (contactAt.isBefore(referral.receivedAt) || contactAt.isAfter(Instant.now().plusSeconds(60))) {
            throw FhirException.businessRule("The contact time must be between the referral's receipt ("
                    + referral.receivedAt + ") and now");
        }
        referral.firstContactAt = contactAt;
        return save(referral, Fhir.parse(ServiceRequest.class, referral.resource), recordedBy,
                EventTypes.REFERRAL_CONTACT_RECORDED);
    }

    /** Flags a UCR referral at risk of breaching its 2-hour clock, once. */
    @Transactional
    public void flagBreachRisk(String id) {
        Referral referral = lockPersonThenRow(id);
        if (referral == null || referral.breachRiskAt != null || referral.firstContactAt != null
                || !referral.state.isOpen()) {
            return;
        }
        referral.breachRiskAt = Instant.now();
        counts.count("onetem.ucr.breach.risk.flagged");
        save(referral, Fhir.parse(ServiceRequest.class, referral.resource), "urgent response clock",
                EventTypes.REFERRAL_BREACH_RISK);
    }

    private Referral lock(String id, Long expectedVersion) {
        Referral referral = lockPersonThenRow(id);
        if (referral == null) {
            throw FhirException.notFound("ServiceRequest", id);
        }
        AuditTrail.about(referral.nhsNumber);
        if (expectedVersion != null && expectedVersion != referral.version) {
            throw FhirException.preconditionFailed("ServiceRequest/" + id + " is at version " + referral.version
                    + ", not " + expectedVersion + ": someone changed it; read it again and decide on what it says now");
        }
        return referral;
    }

    /**
     * The person first, then the row, as every writer does: the person lock keeps their events
     * in commit order ({@link PersonLocks}) and, taken first, never crosses a row lock.
     */
    Referral lockPersonThenRow(String id) {
        Referral unlocked = Referral.findById(id);
        if (unlocked == null) {
            return null;
        }
        if (!unlocked.untraced()) {
            personLocks.lock(new NhsNumber(unlocked.nhsNumber));
        }
        Referral.getEntityManager().refresh(unlocked, LockModeType.PESSIMISTIC_WRITE);
        return unlocked;
    }

    Referral save(Referral referral, ServiceRequest request, String by, String eventType) {
        ReferralFhir.stamp(request, referral, clusters.nameOf(referral.cluster));
        referral.status = request.getStatus().toCode();
        referral.write(request, new ReferralVersion(), by);
        if (!referral.untraced()) {
            // Nobody downstream knows an untraced referral: its first event is its trace.
            outbox.publish(OutboundEvent.of(Topics.REFERRALS, eventType, "ServiceRequest", referral));
        }
        return referral;
    }

    /** Accept, redirect and decline are the triage decision; a cancellation's reason goes in a note. */
    private static void recordDecision(ServiceRequest request, Decision decision, String decidedBy, Instant at) {
        if (decision.next() == ReferralState.CANCELLED || decision.next() == ReferralState.ENTERED_IN_ERROR) {
            request.addNote().setAuthor(new StringType(decidedBy)).setTime(Date.from(at))
                    .setText(decision.next().display() + (decision.reason() == null ? "" : ": " + decision.reason()));
            return;
        }
        if (decision.next() == ReferralState.TRIAGED || decision.next() == ReferralState.COMPLETED) {
            return;
        }
        ReferralFhir.removeExtension(request, ReferralFhir.TRIAGE);
        Extension record = request.addExtension().setUrl(ReferralFhir.TRIAGE);
        record.addExtension("outcome", new CodeType(decision.next().code()));
        if (decision.reason() != null) {
            record.addExtension("reason", new StringType(decision.reason()));
        }
        record.addExtension("decidedBy", new StringType(decidedBy));
        record.addExtension("decidedAt", new DateTimeType(Date.from(at)));
    }
}
