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
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means events flow: a service that consumes is not ready until the broker has assigned
 * its consumers partitions (a group join takes seconds), so nothing posted right after
 * "ready" waits for it. Channels opt in with
 * {@code mp.messaging.incoming.<channel>.consumer-rebalance-listener.name=onetem-assignments}.
 */
@Identifier(ConsumerAssignments.NAME)
@Readiness
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
