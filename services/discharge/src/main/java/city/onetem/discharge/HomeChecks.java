package city.onetem.discharge;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * 91 days after a discharge home with reablement: is the person still at home? The city's measure
 * of reablement's success. Recorded from what the service knows: readmitted (a hospital admission
 * within the 91 days), died (reablement ended so), else at home.
 */
@ApplicationScoped
public class HomeChecks {

    public static final String AT_HOME = "at-home";
    public static final String READMITTED = "readmitted";
    public static final String DIED = "died";

    @Inject
    HospitalStays stays;
    @Inject
    DischargeClock clock;

    @Scheduled(every = "${onetem.discharge.home-check-scan:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // not while stopping: the database and Hibernate are closing (an ERROR "after shutdown" otherwise)
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        checkDue();
    }

    /** Records the check for every discharge with reablement 91 days ago or more; returns how many. */
    public int checkDue() {
        Instant due = clock.now().minus(Duration.ofDays(DischargeToAssess.READMISSION_DAYS));
        List<String> ids = QuarkusTransaction.requiringNew().call(() -> HospitalStay.<HospitalStay>find(
                        "reablementStartedAt is not null and homeCheckedAt is null and dischargedAt <= ?1", due)
                .project(DelayDays.StayId.class).list().stream().map(DelayDays.StayId::id).toList());
        for (String id : ids) {
            QuarkusTransaction.requiringNew().run(() -> {
                HospitalStay stay = stays.toChange(id, null);
                if (stay.homeCheckedAt != null || stay.dischargedAt == null) {
                    return;
                }
                String before = HospitalStays.snapshot(stay);
                stay.homeCheckOutcome = outcome(stay);
                stay.homeCheckedAt = clock.now();
                stays.save(stay, before, "check at 91 days after discharge with reablement");
            });
        }
        return ids.size();
    }

    private static String outcome(HospitalStay stay) {
        if (ReablementOutcome.DIED.code().equals(stay.reablementOutcome)) {
            return DIED;
        }
        boolean readmitted = HospitalStay.count("nhsNumber = ?1 and admissionCancelledAt is null and admittedAt > ?2 "
                        + "and admittedAt <= ?3", stay.nhsNumber, stay.dischargedAt,
                stay.dischargedAt.plus(Duration.ofDays(DischargeToAssess.READMISSION_DAYS))) > 0;
        return readmitted ? READMITTED : AT_HOME;
    }
}
