package city.onetem.platform.events;

import city.onetem.platform.fhir.FhirException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Events that could not be applied or published, kept for a person to look at: inbound ones a
 * consumer parked (on the topic's DLQ and in parked_event), outbound ones the broker refused
 * (outbox rows with parked_at). An operator fixes the cause and replays each, which applies or
 * publishes it once, or dismisses it with a reason. Until then the events health group is DOWN.
 */
@ApplicationScoped
public class ParkedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An inbound event a consumer parked. */
    public record Inbound(long id, String topic, int partition, long offset, String eventId, String eventType,
            String reason, int attempts, Instant parkedAt, Instant resolvedAt, String resolution, String resolvedBy) {
    }

    /** An outbox event the broker refused. */
    public record Outbound(String eventId, String topic, String eventType, String subject, String reason,
            Instant parkedAt) {
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    DeadLetters deadLetters;
    @Inject
    IdempotentConsumer consumer;
    @Inject
    @Any
    Instance<EventHandler> handlers;

    /** Parks the record on its topic's DLQ and here; parking the same record again changes nothing. */
    void park(ConsumerRecord<String, ?> record, Exception reason, int attempts) throws Exception {
        deadLetters.park(record, reason);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(),
                    StandardCharsets.UTF_8));
        }
        String payload = record.value() == null ? null : InboundEvent.text(record.value());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into parked_event (topic, partition_no, record_offset, record_key, headers, payload,
                                                  event_id, event_type, reason, attempts)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (topic, partition_no, record_offset) do nothing""")) {
            insert.setString(1, record.topic());
            insert.setInt(2, record.partition());
            insert.setLong(3, record.offset());
            insert.setString(4, record.key());
            insert.setString(5, JSON.writeValueAsString(headers));
            insert.setString(6, payload);
            insert.setString(7, headers.get(CloudEventHeaders.ID));
            insert.setString(8, headers.get(CloudEventHeaders.TYPE));
            insert.setString(9, DeadLetters.reason(reason));
            insert.setInt(10, attempts);
            insert.executeUpdate();
        }
    }

    /** Inbound events parked and not yet replayed or dismissed; all of them with {@code all}. */
    public List<Inbound> inbound(boolean all) {
        List<Inbound> found = new ArrayList<>();
        query("""
                select id, topic, partition_no, record_offset, event_id, event_type, reason, attempts, parked_at,
                       resolved_at, resolution, resolved_by
                from parked_event""" + (all ? "" : " where resolved_at is null") + " order by id", row ->
                found.add(new Inbound(row.getLong(1), row.getString(2), row.getInt(3), row.getLong(4), row.getString(5),
                        row.getString(6), row.getString(7), row.getInt(8), instant(row, 9), instant(row, 10),
                        row.getString(11), row.getString(12))));
        return found;
    }

    /** Outbox events the broker refused, not yet replayed or dismissed. */
    public List<Outbound> outbound() {
        List<Outbound> found = new ArrayList<>();
        query("""
                select event_id, topic, event_type, subject, park_reason, parked_at from outbox_event
                where parked_at is not null and dismissed_at is null order by seq""", row ->
                found.add(new Outbound(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), instant(row, 6))));
        return found;
    }

    /**
     * Applies a parked inbound event once, with its topic's handler, and marks it resolved in the
     * same transaction. Returns the resolution: "replayed", or "already applied" when a redelivery
     * applied it meanwhile.
     */
    public String replayInbound(long id, String by) {
        Map<String, Object> row = inboundRow(id);
        String topic = (String) row.get("topic");
        EventHandler handler = handlers.stream().filter(h -> h.topic().equals(topic)).findFirst()
                .orElseThrow(() -> FhirException.conflict("No consumer here applies events from " + topic));
        Map<String, String> headers;
        try {
            headers = JSON.readValue((String) row.get("headers"), new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Parked event " + id + " has unreadable headers", e);
        }
        try {
            InboundEvent event = InboundEvent.from(headers::get, (String) row.get("key"), row.get("payload"),
                    ((Instant) row.get("parkedAt")).toEpochMilli());
            return QuarkusTransaction.requiringNew().call(() -> {
                String resolution = consumer.applyInTransaction(event, handler) ? "replayed" : "already applied";
                resolve("update parked_event set resolved_at = now(), resolution = ?, resolved_by = ? "
                        + "where id = ? and resolved_at is null", resolution, by, id);
                return resolution;
            });
        } catch (FhirException e) {
            throw e;
        } catch (Exception e) {
            resolve("update parked_event set attempts = attempts + 1, reason = ? where id = ?",
                    DeadLetters.reason(e), id);
            throw new FhirException(422, IssueType.PROCESSING, "Parked event " + id + " still cannot be applied, "
                    + "and stays parked: " + DeadLetters.reason(e), null);
        }
    }

    /** Marks a parked inbound event reviewed and not to be applied, with the reason. */
    public void dismissInbound(long id, String reason, String by) {
        inboundRow(id);
        resolve("update parked_event set resolved_at = now(), resolution = ?, resolved_by = ? where id = ?",
                "dismissed: " + reason, by, id);
    }

    /** Returns a parked outbox event to the relay, which publishes it next. */
    public void replayOutbound(String eventId) {
        if (resolve("update outbox_event set parked_at = null, park_reason = null where event_id = ? "
                + "and parked_at is not null and dismissed_at is null", outboxId(eventId)) == 0) {
            throw notParked(eventId);
        }
        resolve("notify " + RelayLease.CHANNEL);
    }

    /** Marks a parked outbox event reviewed and never to be published. */
    public void dismissOutbound(String eventId, String reason) {
        if (resolve("update outbox_event set dismissed_at = now(), park_reason = park_reason || ' (dismissed: ' || ? "
                + "|| ')' where event_id = ? and parked_at is not null and dismissed_at is null", reason,
                outboxId(eventId)) == 0) {
            throw notParked(eventId);
        }
    }

    private static UUID outboxId(String eventId) {
        try {
            return UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            throw notParked(eventId);
        }
    }

    private static FhirException notParked(String eventId) {
        return new FhirException(404, IssueType.NOTFOUND, "No parked outbox event " + eventId
                + " (GET /admin/events/parked lists them)", null);
    }

    private Map<String, Object> inboundRow(long id) {
        Map<String, Object> found = new LinkedHashMap<>();
        query("select topic, record_key, headers, payload, parked_at, resolved_at, resolution from parked_event "
                + "where id = " + id, row -> {
                    found.put("topic", row.getString(1));
                    found.put("key", row.getString(2));
                    found.put("headers", row.getString(3));
                    found.put("payload", row.getString(4));
                    found.put("parkedAt", instant(row, 5));
                    found.put("resolvedAt", instant(row, 6));
                    found.put("resolution", row.getString(7));
                });
        if (found.isEmpty()) {
            throw new FhirException(404, IssueType.NOTFOUND, "No parked event " + id
                    + " (GET /admin/events/parked lists them)", null);
        }
        if (found.get("resolvedAt") != null) {
            throw FhirException.conflict("Parked event " + id + " was resolved already (" + found.get("resolution")
                    + ")");
        }
        return found;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, RowReader reader) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read parked events: " + e.getMessage(), e);
        }
    }

    /** Runs the statement; returns how many rows it changed. */
    private int resolve(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not update parked events: " + e.getMessage(), e);
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        java.sql.Timestamp time = row.getTimestamp(column);
        return time == null ? null : time.toInstant();
    }
}
