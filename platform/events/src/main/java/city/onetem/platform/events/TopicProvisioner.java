package city.onetem.platform.events;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the event topics and their dead-letter topics if they are missing, so a service on a
 * fresh broker never races another for auto-created single-partition topics. Where topics are
 * managed by the platform (Strimzi KafkaTopic in deploy/), set onetem.events.create-topics=false.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "onetem.events.create-topics", defaultValue = "true")
    boolean create;
    @ConfigProperty(name = "onetem.events.partitions", defaultValue = "3")
    int partitions;
    @ConfigProperty(name = "onetem.events.replication-factor", defaultValue = "1")
    short replicationFactor;

    void provision(@Observes @Priority(5) StartupEvent event) throws InterruptedException {
        if (!create) {
            return;
        }
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            topics.add(new NewTopic(topic, partitions, replicationFactor));
            topics.add(new NewTopic(Topics.deadLetter(topic), 1, replicationFactor));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            admin.createTopics(topics).values().forEach((name, result) -> {
                try {
                    result.get();
                    LOG.infof("Created topic %s", name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warnf("Could not create topic %s: %s", name, e.getCause().toString());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}
