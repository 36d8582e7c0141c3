package city.onetem.discharge.hl7;

import city.onetem.platform.events.SlicedDelete;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How long the ACK of each applied message is remembered, so that the same message sent again
 * (an engine's retry after a lost ACK, a replayed queue) gets the same ACK and changes nothing:
 * 30 days by default, far longer than any engine retries, then pruned so the table does not grow
 * for ever. A message sent again after that is applied again, which changes nothing when the
 * stay already says what it says.
 */
@ApplicationScoped
public class AckMemory {

    private static final Logger LOG = Logger.getLogger(AckMemory.class);

    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "onetem.hl7.remember-acks-for", defaultValue = "P30D")
    Duration rememberFor;

    @Scheduled(every = "${onetem.events.prune-every:1h}", delayed = "${onetem.events.prune-delay:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // not while stopping: the database and Hibernate are closing (an ERROR "after shutdown" otherwise)
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            prune(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("Could not prune the remembered ACKs (next run in an hour): %s", e.toString());
        }
    }

    /** Forgets the ACKs of messages received before {@code now} less the time they are remembered; returns how many. */
    public long prune(Instant now) {
        long pruned = SlicedDelete.olderThan(dataSource, """
                delete from hl7_message where ctid in (select ctid from hl7_message
                where received_at < ? limit %d)""".formatted(SlicedDelete.SLICE), now.minus(rememberFor));
        if (pruned > 0) {
            LOG.infof("Forgot the ACKs of %d ADT messages received over %s ago", pruned, rememberFor);
        }
        return pruned;
    }
}
