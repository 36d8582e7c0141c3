package city.onetem.referrals;

import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.PersonLocks;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.FhirException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Takes a referral in: checks it, routes it to a cluster by the person's GP practice, links it
 * to an open referral for the same person, stores it as version 1 and records
 * referral.received.v1, all in one transaction. A referral posted again with an identifier seen
 * before is not created twice: the original is returned. A referral that fails a check changes
 * nothing and publishes nothing.
 */
@ApplicationScoped
public class ReferralIntake {

    /** The referral, and whether this request created it (false: a repeat of one received before). */
    public record Received(Referral referral, boolean created) {
    }

    @Inject
    Outbox outbox;
    @Inject
    PersonLocks personLocks;
    @Inject
    ClusterDirectory clusters;
    @Inject
    EntityManager entityManager;

    public Received receive(ServiceRequest request, Patient patient, String receivedBy) {
        return receive(request, patient, receivedBy, referral -> {
        });
    }

    /**
     * As above; {@code onCreate} runs in the transaction that creates the referral, before it is
     * written (a BaRS message records itself and marks a validation request), and not for a repeat.
     */
    public Received receive(ServiceRequest request, Patient patient, String receivedBy,
            java.util.function.Consumer<Referral> onCreate) {
        IncomingReferral incoming = IncomingReferral.check(request, patient);
        try {
            return QuarkusTransaction.requiringNew().call(() -> create(incoming, receivedBy, onCreate));
        } catch (RepeatedReferral repeat) {
            // Another request with the same identifier committed first: that one is the referral.
            return new Received(repeatOf(incoming, original(incoming.identifiers()).orElseThrow()), false);
        }
    }

    /**
     * The referral this one repeats. The same identifier for another person is not a repeat but
     * a mistake (or a guess): refused, saying nothing of the referral that carries it.
     */
    private static Referral repeatOf(IncomingReferral incoming, Referral original) {
        if (!original.nhsNumber.equals(incoming.person().value())) {
            throw FhirException.conflict("Another referral already carries an identifier this one gives "
                    + "(ServiceRequest.identifier): give this referral an identifier of its own");
        }
        return original;
    }

    private Received create(IncomingReferral incoming, String receivedBy,
            java.util.function.Consumer<Referral> onCreate) {
        // First: the person's events stay in commit order, and two referrals for them at once
        // see each other (an open referral is linked, not missed).
        personLocks.lock(incoming.person());
        Optional<Referral> original = original(incoming.identifiers());
        if (original.isPresent()) {
            return new Received(repeatOf(incoming, original.get()), false);
        }
        Referral referral = new Referral();
        referral.id = UUID.randomUUID().toString();
        referral.nhsNumber = incoming.person().value();
        referral.state = ReferralState.RECEIVED;
        referral.source = incoming.source();
        referral.category = incoming.category();
        referral.priority = incoming.category() == ServiceCategory.URGENT_COMMUNITY_RESPONSE
                ? ReferralPriority.UCR_2_HOUR : ReferralPriority.fromFhir(incoming.request().getPriority());
        referral.practiceOds = incoming.practiceOds();
        referral.birthDate = incoming.birthDate();
        Optional<ClusterDirectory.Route> route = clusters.clusterFor(incoming.practiceOds());
        referral.cluster = route.map(ClusterDirectory.Route::code).orElse(null);
        referral.receivedAt = Instant.now();
        referral.linkedTo = Referral.openReferralOf(referral.nhsNumber).orElse(null);

        onCreate.accept(referral);
        ServiceRequest request = incoming.request();
        ReferralFhir.stamp(request, referral, route.map(ClusterDirectory.Route::name).orElse(null));
        referral.status = request.getStatus().toCode();
        referral.write(request, new ReferralVersion(), receivedBy);
        claim(incoming.identifiers(), referral.id);
        outbox.publish(OutboundEvent.of(Topics.REFERRALS, EventTypes.REFERRAL_RECEIVED, "ServiceRequest", referral));
        return new Received(referral, true);
    }

    private Optional<Referral> original(List<Identifier> identifiers) {
        for (Identifier identifier : identifiers) {
            Optional<ReferralIdentifier> seen = ReferralIdentifier.find("system = ?1 and value = ?2",
                    identifier.getSystem(), identifier.getValue()).firstResultOptional();
            if (seen.isPresent()) {
                return Referral.findByIdOptional(seen.get().referralId);
            }
        }
        return Optional.empty();
    }

    /** Claims the referrer's identifiers for this referral; a concurrent repeat waits here and then loses. */
    private void claim(List<Identifier> identifiers, String referralId) {
        for (Identifier identifier : identifiers) {
            int claimed = entityManager.createNativeQuery("""
                    insert into referral_identifier (system, value, referral_id) values (?1, ?2, ?3)
                    on conflict do nothing""")
                    .setParameter(1, identifier.getSystem())
                    .setParameter(2, identifier.getValue())
                    .setParameter(3, referralId)
                    .executeUpdate();
            if (claimed == 0) {
                throw new RepeatedReferral();
            }
        }
    }

    /** Rolls back a referral whose identifier a concurrent request claimed first. */
    static class RepeatedReferral extends RuntimeException {
        RepeatedReferral() {
            super(null, null, false, false);
        }
    }
}
