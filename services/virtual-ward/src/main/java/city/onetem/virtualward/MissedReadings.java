package city.onetem.virtualward;

import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.NhsNumber;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Looks for people on the wards whose complete set of readings is overdue: none scored within
 * their monitoring plan's interval since the last set (or since admission). Each gap raises one
 * alert, a Flag, and {@code virtualward.reading-missed.v1}; the next set scored resolves it.
 */
@ApplicationScoped
public class MissedReadings {

    @Inject
    Outbox outbox;

    @Scheduled(every = "${onetem.monitoring.missed-scan:1m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // not while stopping: the database and Hibernate are closing (an ERROR "after shutdown" otherwise)
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        scan(Instant.now());
    }

    /**
     * Raises an alert for each stay overdue at {@code now} that has none open; returns how many it
     * raised. One query finds the overdue stays; each is checked again under its lock.
     */
    public int scan(Instant now) {
        @SuppressWarnings("unchecked")
        List<String> overdue = QuarkusTransaction.requiringNew().call(() -> WardStay.getEntityManager().createNativeQuery("""
                select s.id from ward_stay s
                where s.status = 'active'
                  and not exists (select 1 from missed_reading m where m.ward_stay_id = s.id and m.resolved_at is null)
                  and coalesce((select max(o.effective_at) from observation o where o.ward_stay_id = s.id
                                and o.code = ?2), s.started_at)
                      + make_interval(mins => s.monitoring_interval_minutes) < ?1""")
                .setParameter(1, now).setParameter(2, WardObservation.NEWS2).getResultList());
        int raised = 0;
        for (String id : overdue) {
            if (QuarkusTransaction.requiringNew().call(() -> raiseIfOverdue(id, now))) {
                raised++;
            }
        }
        return raised;
    }

    /** The next complete set was scored: the stay's open alert, if any, is resolved. */
    static void setScored(WardStay stay, Instant at) {
        MissedReading open = MissedReading.openFor(stay.id);
        if (open != null) {
            open.resolvedAt = at;
        }
    }

    private boolean raiseIfOverdue(String id, Instant now) {
        WardStay stay = WardStay.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (stay == null || !"active".equals(stay.status) || MissedReading.openFor(id) != null) {
            return false;
        }
        Instant lastSet = WardObservation.lastScored(id).orElse(stay.startedAt);
        Instant due = lastSet.plus(Duration.ofMinutes(stay.monitoringIntervalMinutes));
        if (!now.isAfter(due)) {
            return false;
        }
        MissedReading missed = new MissedReading();
        missed.id = UUID.randomUUID().toString();
        missed.wardStayId = id;
        missed.nhsNumber = stay.nhsNumber;
        missed.lastSetAt = lastSet;
        missed.dueAt = due;
        missed.raisedAt = now;
        Flag flag = new Flag().setStatus(Flag.FlagStatus.ACTIVE);
        flag.setId(missed.id);
        flag.getMeta().setVersionId("1").setLastUpdated(Date.from(now));
        flag.getSubject().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(stay.nhsNumber));
        flag.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/flag-category")
                .setCode("clinical").setDisplay("Clinical");
        flag.getCode().setText("Readings missed: no complete set since " + lastSet + " (due every "
                + stay.monitoringIntervalMinutes / 60.0 + " h, by " + due + "); check on the person and their kit");
        flag.getPeriod().setStart(Date.from(now));
        missed.flag = Fhir.toJson(flag);
        missed.persist();
        outbox.publish(new OutboundEvent(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_READING_MISSED,
                new NhsNumber(stay.nhsNumber), "Flag/" + missed.id, now, missed.flag));
        return true;
    }
}
