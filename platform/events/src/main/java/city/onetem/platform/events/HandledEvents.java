package city.onetem.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Rebuilds what {@link IdempotentConsumer} knows of a topic (the events it handled, and the
 * newest version of each resource they carried) from the topic itself, for a database rebuilt
 * from the log: without it, the consumer would apply again an event it had applied but not yet
 * committed, or a late copy of an older version. An event counts as handled when its offset is
 * below the consumer group's committed one, or when the rebuilt database already names it as
 * handled (a version it made). Only the types the handler applies count, as they do for the
 * consumer: a version of a resource carried by an event the handler passes over is not one it
 * holds. The rest is left for the consumer, which starts afterwards.
 */
@ApplicationScoped
public class HandledEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /**
     * @param group the consumer group the handler's channel reads in
     * @return how many of the topic's events were marked handled
     */
    public long restore(EventHandler handler, String group) throws InterruptedException {
        String topic = handler.topic();
        Map<TopicPartition, OffsetAndMetadata> committed = committed(group);
        long[] handled = new long[1];
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            TopicFromStart.read(bootstrapServers, group + "-rebuild", topic, (records, total) -> {
                for (ConsumerRecord<String, String> record : records) {
                    OffsetAndMetadata upTo = committed.get(new TopicPartition(topic, record.partition()));
                    if (markHandled(connection, handler, record, upTo != null && record.offset() < upTo.offset())) {
                        handled[0]++;
                    }
                }
                connection.commit();
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Could not restore the events handled from " + topic, e);
        }
        return handled[0];
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not read the committed offsets of consumer group " + group, e.getCause());
        }
    }

    /** Records one event as handled when it was; false for one the consumer is still to handle. */
    private static boolean markHandled(Connection connection, EventHandler handler, ConsumerRecord<String, String> record,
            boolean committed) throws SQLException {
        InboundEvent event;
        try {
            event = InboundEvent.from(record);
        } catch (PoisonEventException e) {
            return false; // never applied: the consumer parks it, if it meets it again
        }
        if (!handler.applies(event.type()) || !committed && !isRecorded(connection, event)) {
            return false;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into processed_event (event_source, event_id, event_type) values (?, ?, ?)
                on conflict do nothing""")) {
            statement.setString(1, event.source());
            statement.setString(2, event.id());
            statement.setString(3, event.type());
            statement.executeUpdate();
        }
        JsonNode resource = parse(record.value());
        if (resource != null && resource.path("meta").path("versionId").asText().matches("\\d+")) {
            try (PreparedStatement statement = connection.prepareStatement(IdempotentConsumer.ADVANCE_VERSION)) {
                statement.setString(1, IdempotentConsumer.appliedVersionRef(event.source(),
                        resource.path("resourceType").asText(), resource.path("id").asText()));
                statement.setLong(2, Long.parseLong(resource.path("meta").path("versionId").asText()));
                statement.executeUpdate();
            }
        }
        return true;
    }

    private static boolean isRecorded(Connection connection, InboundEvent event) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select 1 from processed_event where event_source = ? and event_id = ?")) {
            statement.setString(1, event.source());
            statement.setString(2, event.id());
            try (ResultSet found = statement.executeQuery()) {
                return found.next();
            }
        }
    }

    private static JsonNode parse(String payload) {
        try {
            return payload == null ? null : JSON.readTree(payload);
        } catch (IOException e) {
            return null;
        }
    }
}
