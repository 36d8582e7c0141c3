package city.onetem.platform.events;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the event topics and their dead-letter topics if they are missing, so a service on a
 * fresh broker never races another for auto-created single-partition topics, and sets on every
 * one the message size and retention the services rely on ({@link EventLimits}): a topic that
 * took less than the outbox would park events; one that kept events longer than consumers keep
 * their ids would let a replay apply twice. Where topics are managed by the platform (Strimzi
 * KafkaTopic in deploy/), set onetem.events.create-topics=false and give them these settings.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    @Inject
    EventLimits limits;
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
        Map<String, Map<String, String>> topics = new HashMap<>();
        for (String topic : Topics.ALL) {
            Map<String, String> settings = new HashMap<>(settings(limits.maxRecordBytes()));
            if (Topics.RELATIONSHIPS.equals(topic)) {
                // Each person's last event is their whole state; older versions apply as nothing (version guard).
                settings.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            }
            if (Topics.CARE_PLANS.equals(topic)) {
                settings.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topics.KEPT_FOR_EVER));
            }
            topics.put(topic, settings);
            topics.put(Topics.deadLetter(topic), settings(limits.maxParkedRecordBytes()));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            List<NewTopic> missing = new ArrayList<>();
            topics.forEach((name, settings) -> missing.add(new NewTopic(name, Topics.ALL.contains(name) ? partitions : 1,
                    replicationFactor).configs(settings)));
            admin.createTopics(missing).values().forEach((name, result) -> {
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
            alignExisting(admin, topics);
        }
    }

    /** Topics made before (or by someone else) get the same settings. */
    private static void alignExisting(Admin admin, Map<String, Map<String, String>> topics) throws InterruptedException {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        topics.forEach((name, settings) -> changes.put(new ConfigResource(ConfigResource.Type.TOPIC, name),
                settings.entrySet().stream().map(setting -> new AlterConfigOp(
                        new ConfigEntry(setting.getKey(), setting.getValue()), AlterConfigOp.OpType.SET)).toList()));
        try {
            admin.incrementalAlterConfigs(changes).all().get();
        } catch (ExecutionException e) {
            LOG.warnf("Could not set the event topics' size and retention: %s", e.getCause().toString());
        }
    }

    private Map<String, String> settings(int maxMessageBytes) {
        return Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes),
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(limits.topicRetention().toMillis()));
    }
}
