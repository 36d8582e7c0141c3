package city.onetem.referrals;

import city.onetem.platform.events.EventTypes;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A referrer's update or cancellation of a referral it sent before (BaRS servicerequest-request
 * with reason update; a cancellation is an update whose ServiceRequest is revoked or
 * entered-in-error). It applies only to a referral the same sender made, found by the id the SPA
 * gave it or by the sender's own identifiers, and only while the referral is open. Each is one
 * new version of the ServiceRequest and one event, written under the person's lock and then the
 * row's, like every writer; the same message again changes nothing.
 */
@ApplicationScoped
public class ReferralAmendments {

    /** Where a BaRS message came from, as its HTTP request said. */
    public record Transport(String requestId, String correlationId, String senderOrg) {
    }

    @Inject
    ReferralWorkflow workflow;
    @Inject
    ClusterDirectory clusters;
    @Inject
    EntityManager entityManager;

    /** The referral after the update or cancellation (as it is now, for the same message again). */
    @Transactional
    public Referral apply(BarsMessage message, Transport transport, String changedBy) {
        String messageId = BarsMessage.messageId(message.header());
        Optional<BarsMessageRecord> seen = BarsMessageRecord.findByIdOptional(messageId);
        if (seen.isPresent()) {
            return repeat(seen.get(), transport);
        }
        Referral target = target(message, transport);
        if (!record(message, transport, target.id)) {
            // The same message, sent again at the same moment, was applied by the other request.
            return repeat(BarsMessageRecord.findById(messageId), transport);
        }
        NhsNumber person = person(message);
        if (person != null && !person.value().equals(target.nhsNumber)) {
            throw FhirException.businessRule("An update cannot change who a referral is about: this referral is for "
                    + "another NHS number. Cancel it (ServiceRequest.status entered-in-error) and send a new one");
        }
        return message.reason() == BarsMessage.Reason.CANCEL ? cancel(message, target, changedBy)
                : update(message, target, changedBy);
    }

    private Referral cancel(BarsMessage message, Referral target, String changedBy) {
        ServiceRequest request = message.request();
        boolean inError = request.getStatus() == ServiceRequest.ServiceRequestStatus.ENTEREDINERROR;
        String notes = request.getNote().stream().map(Annotation::getText).filter(Objects::nonNull)
                .collect(Collectors.joining("; "));
        String reason = (inError ? "Sent in error" : "Withdrawn") + " by the referrer"
                + (message.senderOds() == null ? "" : " " + message.senderOds())
                + " (BaRS message " + BarsMessage.messageId(message.header()) + ")"
                + (notes.isEmpty() ? "" : ": " + notes);
        // The workflow's own move: person lock, row lock, a cancellable state, one version and event.
        return workflow.decide(target.id, null, ReferralWorkflow.Decision.to(
                inError ? ReferralState.ENTERED_IN_ERROR : ReferralState.CANCELLED, reason), changedBy);
    }

    private Referral update(BarsMessage message, Referral target, String changedBy) {
        Referral referral = workflow.lockPersonThenRow(target.id);
        if (!referral.state.isOpen()) {
            throw FhirException.conflict("ServiceRequest/" + referral.id + " is " + referral.state.code()
                    + ": a closed referral is not updated; send a new referral");
        }
        ServiceRequest stored = Fhir.parse(ServiceRequest.class, referral.resource);
        amend(stored, message.request());
        referral.validation = message.validation();
        claim(message.request().getIdentifier(), referral.id);
        return workflow.save(referral, stored, changedBy, EventTypes.REFERRAL_AMENDED);
    }

    /**
     * What the referrer says replaces what it said before; what the SPA decided (state, priority,
     * cluster, triage, clock, links to other referrals) stays.
     */
    static void amend(ServiceRequest stored, ServiceRequest incoming) {
        List<Identifier> identifiers = stored.getIdentifier();
        for (Identifier identifier : incoming.getIdentifier()) {
            if (identifiers.stream().noneMatch(i -> i.equalsDeep(identifier))) {
                identifiers.add(identifier.copy());
            }
        }
        List<CodeableConcept> categories = stored.getCategory().stream()
                .filter(c -> c.getCoding().stream().anyMatch(coding -> ServiceCategory.SYSTEM.equals(coding.getSystem())))
                .collect(Collectors.toList());
        incoming.getCategory().stream()
                .filter(c -> c.getCoding().stream().noneMatch(coding -> ServiceCategory.SYSTEM.equals(coding.getSystem())))
                .forEach(c -> categories.add(c.copy()));
        stored.setCategory(categories);
        if (incoming.hasCode()) {
            stored.setCode(incoming.getCode());
        }
        if (incoming.hasReasonCode()) {
            stored.setReasonCode(incoming.getReasonCode());
        }
        if (incoming.hasReasonReference()) {
            stored.setReasonReference(incoming.getReasonReference());
        }
        if (incoming.hasNote()) {
            stored.setNote(incoming.getNote());
        }
        if (incoming.hasOccurrence()) {
            stored.setOccurrence(incoming.getOccurrence());
        }
        if (incoming.hasPatientInstruction()) {
            stored.setPatientInstructionElement(incoming.getPatientInstructionElement());
        }
        if (incoming.hasBasedOn()) {
            stored.setBasedOn(incoming.getBasedOn());
        }
        if (incoming.hasContained()) {
            // The message's bundle as now sent: the person, the encounter, carers, flags, ...
            stored.setContained(incoming.getContained());
            List<Reference> links = stored.getSupportingInfo().stream()
                    .filter(r -> ReferralFhir.REFERRAL_ID_SYSTEM.equals(r.getIdentifier().getSystem()))
                    .collect(Collectors.toList());
            links.addAll(incoming.getSupportingInfo());
            stored.setSupportingInfo(links);
            if (incoming.getSubject().hasReference()) {
                stored.getSubject().setReference(incoming.getSubject().getReference());
            }
        }
    }

    /**
     * The referral the message changes: named by the SPA's id (ServiceRequest.id, as BaRS
     * prescribes) or by one of the sender's own identifiers, and made by the same sender. A
     * referral another sender made is answered as unknown, so that nobody learns of it.
     */
    private static Referral target(BarsMessage message, Transport transport) {
        Optional<Referral> found = message.targets().stream().map(id -> Referral.<Referral>findByIdOptional(id))
                .flatMap(Optional::stream).findFirst();
        if (found.isEmpty()) {
            found = message.request().getIdentifier().stream()
                    .filter(i -> !BarsMessage.MESSAGE_ID_SYSTEM.equals(i.getSystem()) && i.hasSystem() && i.hasValue())
                    .map(i -> ReferralIdentifier.<ReferralIdentifier>find("system = ?1 and value = ?2", i.getSystem(),
                            i.getValue()).firstResultOptional())
                    .flatMap(Optional::stream).map(i -> Referral.<Referral>findByIdOptional(i.referralId))
                    .flatMap(Optional::stream).findFirst();
        }
        return found.filter(referral -> BarsMessageRecord.thatCreated(referral.id)
                .filter(created -> Objects.equals(created.senderOrg, transport.senderOrg())).isPresent())
                .orElseThrow(() -> BarsError.notFound("No referral of yours matches this "
                        + message.reason().code() + ": ServiceRequest.id must be the id this service gave the "
                        + "referral (in its answer to your new referral), or ServiceRequest.identifier one of "
                        + "your identifiers for it" + (message.targets().isEmpty() ? ""
                                : " (ServiceRequest/" + String.join(", ", message.targets()) + " is not one)")));
    }

    /** The same message again: the referral as it is now, if the message was this sender's. */
    private static Referral repeat(BarsMessageRecord seen, Transport transport) {
        if (!Objects.equals(seen.senderOrg, transport.senderOrg())) {
            throw FhirException.conflict("Another sender's message already has this MessageHeader.id: give each "
                    + "message an id of its own");
        }
        return Referral.findById(seen.referralId);
    }

    /** Records the message against the referral; false if the same message was recorded meanwhile. */
    private boolean record(BarsMessage message, Transport transport, String referralId) {
        return entityManager.createNativeQuery("""
                insert into bars_message (message_id, request_id, correlation_id, reason, sender_org, sender_ods,
                                          referral_id, received_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) on conflict (message_id) do nothing""")
                .setParameter(1, BarsMessage.messageId(message.header()))
                .setParameter(2, transport.requestId())
                .setParameter(3, transport.correlationId())
                .setParameter(4, message.reason().code())
                .setParameter(5, transport.senderOrg())
                .setParameter(6, message.senderOds())
                .setParameter(7, referralId)
                .setParameter(8, Instant.now())
                .executeUpdate() == 1;
    }

    /** New identifiers the update gives are the referral's too; one another referral has is a 409. */
    private void claim(List<Identifier> identifiers, String referralId) {
        for (Identifier identifier : identifiers) {
            if (!identifier.hasSystem() || !identifier.hasValue()) {
                continue;
            }
            entityManager.createNativeQuery("""
                    insert into referral_identifier (system, value, referral_id) values (?1, ?2, ?3)
                    on conflict do nothing""")
                    .setParameter(1, identifier.getSystem()).setParameter(2, identifier.getValue())
                    .setParameter(3, referralId).executeUpdate();
            ReferralIdentifier owner = ReferralIdentifier.find("system = ?1 and value = ?2", identifier.getSystem(),
                    identifier.getValue()).firstResult();
            if (owner != null && !referralId.equals(owner.referralId)) {
                throw FhirException.conflict("Another referral already carries an identifier this update gives "
                        + "(ServiceRequest.identifier): give it an identifier of its own");
            }
        }
    }

    private static NhsNumber person(BarsMessage message) {
        Identifier identifier = message.request().getSubject().getIdentifier();
        if (!identifier.hasValue()) {
            return null;
        }
        String problem = NhsNumber.problem(identifier.getValue());
        if (problem != null) {
            throw FhirException.invalid("Patient.identifier.value", problem);
        }
        return new NhsNumber(identifier.getValue());
    }
}
