package city.onetem.discharge;

import city.onetem.platform.events.AfterCommit;
import city.onetem.platform.events.NamedLocks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The city's jointly funded reablement service for pathway 1: a fixed number of places (about 160
 * at once, about five weeks each). A person on pathway 1 asks for a place; while none is free they
 * wait, in the order they asked, and their days in hospital count as "awaiting reablement". A place
 * is held from when it is offered, reablement starts on the day they go home, and the place is
 * freed when it ends, then offered to the next person waiting.
 */
@ApplicationScoped
public class Reablement {

    /** The reablement places' lock space (NamedLocks). */
    static final int LOCK_SPACE = 2576;

    public static final String WAITING = "waiting";
    public static final String ALLOCATED = "allocated";
    public static final String STARTED = "started";
    public static final String ENDED = "ended";
    public static final String NOT_STARTED = "not-started";

    @Inject
    HospitalStays stays;
    @Inject
    DischargeClock clock;
    @Inject
    NamedLocks locks;
    @Inject
    AfterCommit afterCommit;
    @ConfigProperty(name = "onetem.reablement.capacity", defaultValue = "160")
    int capacity;

    /** One offer run at a time, off the thread that freed the place (whose transaction has ended). */
    private final ExecutorService offers = Executors.newSingleThreadExecutor(r -> new Thread(r, "reablement-offers"));

    @PreDestroy
    void stop() {
        offers.shutdownNow();
    }

    public int capacity() {
        return capacity;
    }

    /** Asks for a place for the person on this stay (pathway 1): theirs at once if one is free and nobody is waiting. Stay locked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void request(HospitalStay stay) {
        if (stay.reablementStatus != null && !NOT_STARTED.equals(stay.reablementStatus)) {
            return;
        }
        Instant now = clock.now();
        stay.reablementStatus = WAITING;
        stay.reablementRequestedAt = now;
        lockPlaces();
        if (held() < capacity && waitingBefore(now) == 0) {
            stay.reablementStatus = ALLOCATED;
            stay.reablementAllocatedAt = now;
        }
    }

    /** The pathway changed away from 1: the person gives up their place or their turn. Stay locked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean withdraw(HospitalStay stay) {
        boolean held = ALLOCATED.equals(stay.reablementStatus);
        if (WAITING.equals(stay.reablementStatus) || held) {
            stay.reablementStatus = NOT_STARTED;
        }
        return held;
    }

    /**
     * The person left hospital: with a place, reablement starts that day; still waiting, they went
     * home without it. Returns whether it started. Stay locked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean discharged(HospitalStay stay) {
        if (ALLOCATED.equals(stay.reablementStatus)) {
            stay.reablementStatus = STARTED;
            stay.reablementStartedAt = stay.dischargedAt;
            return true;
        }
        if (WAITING.equals(stay.reablementStatus)) {
            stay.reablementStatus = NOT_STARTED;
        }
        return false;
    }

    /** Reablement ends with its outcome; the place is free for the next person. Stay locked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void end(HospitalStay stay, ReablementOutcome outcome, Instant when) {
        stay.reablementStatus = ENDED;
        stay.reablementEndedAt = when;
        stay.reablementOutcome = outcome.code();
        placeFreed();
    }

    /**
     * A place was freed in the current transaction: once it commits, it is offered to the next
     * person waiting (in a transaction of its own: this one holds locks that offer would wait for).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void placeFreed() {
        afterCommit.run(() -> offers.execute(this::offerPlaces));
    }

    @Scheduled(every = "${onetem.reablement.offer-scan:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // not while stopping: the database and Hibernate are closing (an ERROR "after shutdown" otherwise)
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        offerPlaces();
    }

    /**
     * Offers free places to the people waiting, oldest request first, each in a transaction of its
     * own with that person's stay locked first (as every writer of a stay does); returns how many
     * were offered. Run after a place is freed, and hourly in case a run was missed.
     */
    public int offerPlaces() {
        int offered = 0;
        while (true) {
            Optional<String> next = QuarkusTransaction.requiringNew().call(() -> HospitalStay.<HospitalStay>find(
                            "reablementStatus = ?1 order by reablementRequestedAt", WAITING)
                    .project(DelayDays.StayId.class).firstResultOptional().map(DelayDays.StayId::id));
            if (next.isEmpty()) {
                return offered;
            }
            boolean allocated = QuarkusTransaction.requiringNew().call(() -> {
                HospitalStay stay = stays.toChange(next.get(), null);
                if (!WAITING.equals(stay.reablementStatus)) {
                    return true; // someone else changed it meanwhile: look again
                }
                lockPlaces();
                if (held() >= capacity) {
                    return false;
                }
                String before = HospitalStays.snapshot(stay);
                stay.reablementStatus = ALLOCATED;
                stay.reablementAllocatedAt = clock.now();
                stays.save(stay, before, "reablement: a place came free");
                return true;
            });
            if (!allocated) {
                return offered;
            }
            offered++;
        }
    }

    /** Places held: offered and not yet ended. */
    public long held() {
        return HospitalStay.count("reablementStatus in ?1", java.util.List.of(ALLOCATED, STARTED));
    }

    public long waiting() {
        return HospitalStay.count("reablementStatus", WAITING);
    }

    private long waitingBefore(Instant requested) {
        return HospitalStay.count("reablementStatus = ?1 and reablementRequestedAt < ?2", WAITING, requested);
    }

    /** One allocation at a time across the service's instances: the count and the offer agree. */
    private void lockPlaces() {
        locks.lock(LOCK_SPACE, "reablement places");
    }
}
