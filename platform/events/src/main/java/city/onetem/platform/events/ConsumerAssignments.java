package city.onetem.platform.events;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Started means events flow: a consuming service has not finished starting until the broker has
 * given every consumer group its partitions (a join takes seconds; after a crash, until the dead
 * member's session times out). A startup check, not a readiness one: once running, a service
 * keeps serving its API through a rebalance. Channels opt in with
 * {@code mp.messaging.incoming.<channel>.consumer-rebalance-listener.name=onetem-assignments}.
 */
@Identifier(ConsumerAssignments.NAME)
@Startup
@ApplicationScoped
public class ConsumerAssignments implements KafkaConsumerRebalanceListener, HealthCheck {

    public static final String NAME = "onetem-assignments";

    private static final String PREFIX = "mp.messaging.incoming.";
    private static final String LISTENER = ".consumer-rebalance-listener.name";

    private final Set<String> groupsAssigned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        groupsAssigned.add(consumer.groupMetadata().groupId());
    }

    @Override
    public HealthCheckResponse call() {
        Set<String> waiting = new TreeSet<>(expectedGroups());
        waiting.removeAll(groupsAssigned);
        return HealthCheckResponse.named("event-consumers")
                .status(waiting.isEmpty())
                .withData("groupsWithPartitions", String.join(",", new TreeSet<>(groupsAssigned)))
                .withData("groupsWaiting", String.join(",", waiting))
                .build();
    }

    /** The consumer group of every channel that opted in: each must have partitions, not just one. */
    private static Set<String> expectedGroups() {
        Config config = ConfigProvider.getConfig();
        Set<String> groups = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX) && name.endsWith(LISTENER)
                    && NAME.equals(config.getOptionalValue(name, String.class).orElse(""))) {
                String channel = name.substring(PREFIX.length(), name.length() - LISTENER.length());
                groups.add(config.getOptionalValue(PREFIX + channel + ".group.id", String.class)
                        .or(() -> config.getOptionalValue("kafka.group.id", String.class))
                        .orElseGet(() -> config.getValue("quarkus.application.name", String.class)));
            }
        }
        return groups;
    }
}
