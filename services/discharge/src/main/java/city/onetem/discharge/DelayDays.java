package city.onetem.discharge;

import city.onetem.platform.events.EventTypes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Counts the days people spend in hospital after they are medically optimised: a day counts
 * when the person was still there at the midnight it began (in the city's zone), with the reason
 * of that day. Counted each hour for everyone still waiting (so a day is counted however long the
 * service was down), and once more at discharge; each count that adds a day tells the plan
 * (discharge.delayed.v1). Counting again counts nothing twice.
 */
@ApplicationScoped
public class DelayDays {

    @Inject
    HospitalStays stays;
    @Inject
    DischargeClock clock;

    @Scheduled(every = "${onetem.discharge.delay-scan:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // not while stopping: the database and Hibernate are closing (an ERROR "after shutdown" otherwise)
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        countAll();
    }

    /** Counts the days up to now for everyone waiting in hospital; returns how many stays gained a day. */
    public int countAll() {
        List<String> waiting = QuarkusTransaction.requiringNew().call(() -> HospitalStay.<HospitalStay>find(
                "medicallyOptimised is not null and dischargedAt is null and admissionCancelledAt is null")
                .project(StayId.class).list().stream().map(StayId::id).toList());
        int changed = 0;
        for (String id : waiting) {
            Boolean added = QuarkusTransaction.requiringNew().call(() -> {
                HospitalStay stay = stays.toChange(id, null);
                String before = HospitalStays.snapshot(stay);
                if (!stay.inHospital() || !count(stay, clock.now())) {
                    return false;
                }
                return stays.save(stay, before, "daily count of delayed days", EventTypes.DISCHARGE_DELAYED);
            });
            changed += added ? 1 : 0;
        }
        return changed;
    }

    /** Record of a stay's id, for the scan. */
    public record StayId(String id) {
    }

    /**
     * Counts the stay's days up to {@code until} (now, or the discharge); returns whether a day
     * was added. Call with the stay locked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean count(HospitalStay stay, Instant until) {
        if (stay.medicallyOptimised == null || until.isBefore(stay.medicallyOptimised)) {
            return false;
        }
        LocalDate optimised = LocalDate.ofInstant(stay.medicallyOptimised, DischargeClock.CITY);
        LocalDate last = LocalDate.ofInstant(until, DischargeClock.CITY);
        int days = (int) ChronoUnit.DAYS.between(optimised, last);
        if (days <= stay.delayDays) {
            return false;
        }
        String reason = stay.effectiveDelayReason().code();
        for (LocalDate day = optimised.plusDays(stay.delayDays + 1L); !day.isAfter(last); day = day.plusDays(1)) {
            HospitalStay.getEntityManager().createNativeQuery(
                            "insert into delay_day (stay_id, day, reason) values (?1, ?2, ?3) on conflict do nothing")
                    .setParameter(1, stay.id).setParameter(2, day).setParameter(3, reason).executeUpdate();
        }
        stay.delayDays = days;
        return true;
    }
}
