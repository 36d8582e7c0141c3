package city.onetem.platform.events;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the event tables from growing for ever. Published outbox rows are kept a while for
 * looking into what was sent; processed event ids are kept longer than the topics keep events
 * ({@link EventLimits#processedIdRetention()}), so that a redelivered event is still recognised
 * for as long as Kafka can deliver it. Parked rows are never pruned: a person resolves them.
 * Deleted in slices ({@link SlicedDelete}).
 */
@ApplicationScoped
public class EventRetention {

    private static final Logger LOG = Logger.getLogger(EventRetention.class);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    EventLimits limits;
    @ConfigProperty(name = "onetem.outbox.keep-published", defaultValue = "P1D")
    Duration keepPublished;

    @Scheduled(every = "${onetem.events.prune-every:1h}", delayed = "${onetem.events.prune-delay:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // not while stopping: the database and Hibernate are closing (an ERROR "after shutdown" otherwise)
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            prune(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("Could not prune the event tables (next run in an hour): %s", e.toString());
        }
    }

    /** Deletes what is past keeping at this instant; returns how many rows: outbox, processed ids. */
    public long[] prune(Instant now) {
        long outbox = SlicedDelete.olderThan(dataSource, """
                delete from outbox_event where seq in (select seq from outbox_event
                where published_at < ? limit %d)""".formatted(SlicedDelete.SLICE), now.minus(keepPublished));
        long processed = SlicedDelete.olderThan(dataSource, """
                delete from processed_event where ctid in (select ctid from processed_event
                where processed_at < ? limit %d)""".formatted(SlicedDelete.SLICE), now.minus(limits.processedIdRetention()));
        if (outbox + processed > 0) {
            LOG.infof("Pruned %d published outbox rows and %d processed event ids", outbox, processed);
        }
        return new long[] {outbox, processed};
    }
}
