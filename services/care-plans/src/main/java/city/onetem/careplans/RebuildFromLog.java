package city.onetem.careplans;

import city.onetem.platform.events.EventHandler;
import city.onetem.platform.events.HandledEvents;
import city.onetem.platform.events.Topics;
import city.onetem.platform.events.TopicFromStart;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Rebuilds care-plans' database from the log when {@code onetem.care-plans.rebuild-from-log} is
 * set: careplans.v1 keeps every version care-plans ever wrote (its retention is unlimited), so
 * reading it from the start gives back every plan, part and task with its history; then the
 * topics care-plans consumes give back which of their events it had handled. It runs at start,
 * before the consumers do, and answers 503 to requests meanwhile ({@link RebuildGate}, {@link RebuildHealth}). Running it
 * again changes nothing: a version held already is passed over. docs/runbook.md has the steps.
 */
@ApplicationScoped
public class RebuildFromLog {

    private static final Logger LOG = Logger.getLogger(RebuildFromLog.class);
    private static final String CHANNEL_PREFIX = "mp.messaging.incoming.";

    @ConfigProperty(name = "onetem.care-plans.rebuild-from-log", defaultValue = "false")
    boolean asked;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    Config config;
    @Inject
    LoggedVersions versions;
    @Inject
    HandledEvents handled;
    @Inject
    @Any
    Instance<EventHandler> handlers;

    private volatile String progress;

    /** Refusing from the first request on, even one that comes before the rebuild starts. */
    @jakarta.annotation.PostConstruct
    void refuseUntilRebuilt() {
        if (asked) {
            progress = "starting";
        }
    }

    /** After the topics exist (5) and before the live stream (20) and the consumers (1000) start. */
    void rebuild(@Observes @Priority(15) StartupEvent event) throws InterruptedException {
        if (!asked) {
            return;
        }
        LOG.warnf("Rebuilding care-plans' database from %s (onetem.care-plans.rebuild-from-log is set: unset it"
                + " once this is done)", Topics.CARE_PLANS);
        long started = System.nanoTime();
        long[] read = restoreVersions();
        for (EventHandler handler : handlers) {
            String group = groupReading(handler.topic());
            if (group == null) {
                continue; // a handler no channel of this service feeds
            }
            progress = "marking the events of " + handler.topic() + " care-plans had handled";
            long marked = handled.restore(handler, group);
            LOG.infof("Rebuild: %d events of %s were handled before (consumer group %s)", marked, handler.topic(), group);
        }
        progress = null;
        LOG.infof("Rebuilt care-plans from %s in %.1f s: %d versions restored of %d events read", Topics.CARE_PLANS,
                (System.nanoTime() - started) / 1e9, read[1], read[0]);
    }

    /** @return events read, versions restored */
    private long[] restoreVersions() {
        long[] restored = new long[1];
        long[] polls = new long[3]; // polls, nanoseconds writing, records so far
        long started = System.nanoTime();
        long read = TopicFromStart.read(bootstrapServers, "care-plans-rebuild", Topics.CARE_PLANS, (records, total) -> {
            long writing = System.nanoTime();
            restored[0] += versions.restore(records);
            polls[0]++;
            polls[1] += System.nanoTime() - writing;
            polls[2] += records.size();
            progress = "restored " + restored[0] + " versions from " + polls[2] + " of " + total + " events on "
                    + Topics.CARE_PLANS;
        });
        LOG.infof("Rebuild: %d versions from %d events in %d polls: %.1f s reading %s, %.1f s writing them",
                restored[0], read, polls[0], (System.nanoTime() - started - polls[1]) / 1e9, Topics.CARE_PLANS,
                polls[1] / 1e9);
        return new long[] {read, restored[0]};
    }

    /** The consumer group this service reads a topic in, from its channel's settings; null if it reads none. */
    private String groupReading(String topic) {
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(CHANNEL_PREFIX) && name.endsWith(".topic")
                    && topic.equals(config.getOptionalValue(name, String.class).orElse(null))) {
                String group = name.substring(0, name.length() - ".topic".length()) + ".group.id";
                return config.getValue(group, String.class);
            }
        }
        return null;
    }

    /** What the rebuild is doing, while it runs; null when none is. */
    String progress() {
        return progress;
    }
}
