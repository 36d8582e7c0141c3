package city.onetem.platform.events;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka, oldest first, and marks them published only after
 * the broker acknowledged them (acks=all, idempotent producer). It wakes as soon as a transaction
 * that wrote to the outbox commits; the slow safety poll only picks up rows left by a crash or a
 * broker outage. A crash between send and mark re-sends: consumers are idempotent by ce_id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final DateTimeFormatter CE_TIME = DateTimeFormatter.ISO_INSTANT;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    PlatformMigrations migrations;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    /** Off only to show what a crash between commit and publish leaves behind. */
    @ConfigProperty(name = "onetem.outbox.relay.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "onetem.outbox.safety-poll", defaultValue = "PT2S")
    Duration safetyPoll;
    @ConfigProperty(name = "onetem.outbox.batch-size", defaultValue = "500")
    int batchSize;

    private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private volatile String lastError;
    private KafkaProducer<String, byte[]> producer;
    private Thread thread;

    void start(@Observes @Priority(10) StartupEvent event) {
        migrations.migrate();
        if (!enabled) {
            LOG.warn("Outbox relay disabled (onetem.outbox.relay.enabled=false): events stay in the outbox");
            return;
        }
        producer = new KafkaProducer<>(producerConfig());
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            wake();
            thread.join(5_000);
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Called after a commit that wrote to the outbox. Cheap, never blocks. */
    public void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    public String lastError() {
        return lastError;
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArraySerializer.class);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        return config;
    }

    private void run() {
        long backoffMillis = 0;
        while (running) {
            try {
                int published = publishBatch();
                backoffMillis = 0;
                lastError = null;
                if (published < batchSize) {
                    wakeups.poll(safetyPoll.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                lastError = e.toString();
                backoffMillis = Math.min(Math.max(backoffMillis * 2, 200), 5_000);
                LOG.warnf("Outbox relay could not publish (retrying in %d ms): %s", backoffMillis, e);
                sleep(backoffMillis);
            }
        }
    }

    /** Publishes up to one batch in one database transaction; returns how many rows it published. */
    int publishBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Long> sequences = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                // SKIP LOCKED lets a second instance take other rows instead of waiting on these.
                try (PreparedStatement select = connection.prepareStatement("""
                        select seq, event_id, topic, event_key, event_type, event_source, subject, occurred_at, payload
                        from outbox_event where published_at is null order by seq limit ? for update skip locked""")) {
                    select.setInt(1, batchSize);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            sequences.add(rows.getLong("seq"));
                            acks.add(producer.send(toRecord(rows)));
                        }
                    }
                }
                if (sequences.isEmpty()) {
                    connection.commit();
                    return 0;
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
                try (PreparedStatement mark = connection.prepareStatement(
                        "update outbox_event set published_at = now() where seq = any(?)")) {
                    Array array = connection.createArrayOf("bigint", sequences.toArray());
                    mark.setArray(1, array);
                    mark.executeUpdate();
                }
                connection.commit();
                return sequences.size();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static ProducerRecord<String, byte[]> toRecord(ResultSet row) throws SQLException {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.getString("topic"),
                row.getString("event_key"), row.getString("payload").getBytes(StandardCharsets.UTF_8));
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(record, CloudEventHeaders.ID, row.getString("event_id"));
        header(record, CloudEventHeaders.SOURCE, row.getString("event_source"));
        header(record, CloudEventHeaders.TYPE, row.getString("event_type"));
        header(record, CloudEventHeaders.TIME, CE_TIME.format(row.getTimestamp("occurred_at").toInstant()));
        String subject = row.getString("subject");
        if (subject != null) {
            header(record, CloudEventHeaders.SUBJECT, subject);
        }
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.FHIR_JSON);
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
