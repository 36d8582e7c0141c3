package city.onetem.platform.events;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Started means events flow: a consuming service has not finished starting until the broker has
 * assigned its consumer group partitions (a join takes seconds; after a crash, until the dead
 * member's session times out). A startup check, not a readiness one: once running, a service
 * keeps serving its API through a rebalance. Channels opt in with
 * {@code mp.messaging.incoming.<channel>.consumer-rebalance-listener.name=onetem-assignments}.
 */
@Identifier(ConsumerAssignments.NAME)
@Startup
@ApplicationScoped
public class ConsumerAssignments implements KafkaConsumerRebalanceListener, HealthCheck {

    public static final String NAME = "onetem-assignments";

    private final Set<String> groupsAssigned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        groupsAssigned.add(consumer.groupMetadata().groupId());
    }

    @Override
    public HealthCheckResponse call() {
        long channels = 0;
        for (String name : ConfigProvider.getConfig().getPropertyNames()) {
            if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".consumer-rebalance-listener.name")
                    && NAME.equals(ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse(""))) {
                channels++;
            }
        }
        return HealthCheckResponse.named("event-consumers")
                .status(channels == 0 || !groupsAssigned.isEmpty())
                .withData("channels", channels)
                .withData("groupsWithPartitions", String.join(",", groupsAssigned))
                .build();
    }
}
