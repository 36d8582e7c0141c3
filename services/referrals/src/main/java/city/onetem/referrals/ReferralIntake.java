package city.onetem.referrals;

import city.onetem.platform.access.Caller;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Takes a referral in: checks it, reads who sent it, what for and how urgently, routes it to a
 * cluster by the person's GP practice, links it to an open referral for the same person, stores it
 * as version 1 and records referral.received.v1, all in one transaction. A referral without an NHS
 * number is stored for the SPA to trace and published once traced ({@link ReferralWorkflow#trace}).
 * A referral posted again by the same referrer with an identifier seen before is not created twice:
 * the original is returned. A referral that fails a check changes nothing and publishes nothing.
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
    @Inject
    ReferralClassifier classifier;
    @Inject
    Caller caller;

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
        IncomingReferral incoming = IncomingReferral.check(request, patient, classifier, caller.organisation());
        String referrer = caller.sender();
        try {
            return QuarkusTransaction.requiringNew().call(() -> create(incoming, receivedBy, referrer, onCreate, false));
        } catch (RepeatedReferral repeat) {
            // The identifier was claimed before (a repeat, or a concurrent request that committed
            // first): that one is the referral.
            return new Received(repeatOf(incoming, referrer, original(incoming.identifiers()).orElseThrow()), false);
        }
    }

    /** A referral as sent: the ServiceRequest, and the Patient it is about when it comes with one. */
    public record Sent(ServiceRequest request, Patient patient) {
    }

    /**
     * Referrals that stand or fall together (a FHIR transaction Bundle): each checked and
     * received as {@link #receive} does, all in one database transaction, so that one refused
     * leaves none stored and none published. The people are locked in NHS number order, so two
     * such transactions naming the same people never wait for each other in a circle. A refusal
     * is passed through {@code refused} with the index of the referral it concerns.
     *
     * @return what became of each, in the order sent
     */
    public List<Received> receiveTogether(List<Sent> sent, String receivedBy,
            BiFunction<Integer, FhirException, FhirException> refused) {
        IncomingReferral[] incoming = new IncomingReferral[sent.size()];
        for (int i = 0; i < incoming.length; i++) {
            try {
                incoming[i] = IncomingReferral.check(sent.get(i).request(), sent.get(i).patient(), classifier,
                        caller.organisation());
            } catch (FhirException e) {
                throw refused.apply(i, e);
            }
        }
        Integer[] order = new Integer[incoming.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(i -> incoming[i].person() == null ? null : incoming[i].person().value(),
                Comparator.nullsLast(Comparator.naturalOrder())));
        String referrer = caller.sender();
        Function<Boolean, Callable<List<Received>>> all = lookFirst -> () -> {
            Received[] received = new Received[incoming.length];
            for (int i : order) {
                try {
                    received[i] = create(incoming[i], receivedBy, referrer, referral -> {
                    }, lookFirst);
                } catch (FhirException e) {
                    throw refused.apply(i, e);
                }
            }
            return new ArrayList<>(Arrays.asList(received));
        };
        try {
            return QuarkusTransaction.requiringNew().call(all.apply(false));
        } catch (RepeatedReferral repeat) {
            // One is a repeat, or a concurrent request claimed an identifier first: all again,
            // looking for each one's original first.
            return QuarkusTransaction.requiringNew().call(all.apply(true));
        }
    }

    /**
     * The referral this one repeats: the same identifier from the same referrer for the same
     * person. Anything else is not a repeat but a mistake (or a guess): refused, saying nothing of
     * the referral that carries it.
     */
    private static Referral repeatOf(IncomingReferral incoming, String referrer, Referral original) {
        String person = incoming.person() == null ? null : incoming.person().value();
        // Referrals received before the referrer was recorded match any referrer.
        boolean sameReferrer = original.referrer == null || original.referrer.equals(referrer);
        if (!Objects.equals(original.nhsNumber, person) || !sameReferrer) {
            throw FhirException.conflict("Another referral already carries an identifier this one gives "
                    + "(ServiceRequest.identifier): give this referral an identifier of its own");
        }
        return original;
    }

    /**
     * Creates the referral, or finds the one it repeats. Without {@code lookFirst} a repeat is
     * found when its identifier cannot be claimed, before anything else is written, and the
     * transaction rolls back ({@link RepeatedReferral}): one statement fewer for every new
     * referral, the common case, and a short transaction wasted for a repeat, the rare one.
     */
    private Received create(IncomingReferral incoming, String receivedBy, String referrer,
            java.util.function.Consumer<Referral> onCreate, boolean lookFirst) {
        // First: the person's events stay in commit order, and two referrals for them at once
        // see each other (an open referral is linked, not missed). An untraced referral has no
        // person yet, and publishes nothing until it has.
        if (incoming.person() != null) {
            personLocks.lock(incoming.person());
        }
        Optional<Referral> original = lookFirst ? original(incoming.identifiers()) : Optional.empty();
        if (original.isPresent()) {
            return new Received(repeatOf(incoming, referrer, original.get()), false);
        }
        Referral referral = new Referral();
        referral.id = UUID.randomUUID().toString();
        claim(incoming.identifiers(), referral.id);
        referral.nhsNumber = incoming.person() == null ? null : incoming.person().value();
        referral.state = ReferralState.RECEIVED;
        referral.source = incoming.is().source();
        referral.category = incoming.is().category();
        referral.toCategorise = incoming.is().toCategorise();
        referral.priority = incoming.is().priority();
        referral.referrer = referrer;
        referral.practiceOds = incoming.practiceOds();
        referral.birthDate = incoming.birthDate();
        Optional<ClusterDirectory.Route> route = clusters.clusterFor(incoming.practiceOds());
        referral.cluster = route.map(ClusterDirectory.Route::code).orElse(null);
        referral.receivedAt = Instant.now();
        referral.linkedTo = referral.untraced() ? null : Referral.openReferralOf(referral.nhsNumber).orElse(null);

        onCreate.accept(referral);
        ServiceRequest request = incoming.request();
        ReferralFhir.stamp(request, referral, route.map(ClusterDirectory.Route::name).orElse(null));
        referral.status = request.getStatus().toCode();
        referral.write(request, new ReferralVersion(), receivedBy);
        if (!referral.untraced()) {
            outbox.publish(OutboundEvent.of(Topics.REFERRALS, EventTypes.REFERRAL_RECEIVED, "ServiceRequest", referral));
        }
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

    /**
     * Claims the referrer's identifiers for this referral (the reference to it is checked at
     * commit); a repeat loses here, and a concurrent one waits here and then loses.
     */
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

    /** Rolls back a referral whose identifier was claimed before, by its original or a concurrent request. */
    static class RepeatedReferral extends RuntimeException {
        RepeatedReferral() {
            super(null, null, false, false);
        }
    }
}
