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
import java.sql.Statement;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka in seq order, from one instance of the service at a
 * time (the {@link RelayLease}), and marks them published only after the broker acknowledged
 * them (acks=all, idempotent producer). Because writers number a person's rows in commit order
 * ({@link PersonLocks}) and only one relay sends, each person's events reach the topic in the
 * order their changes committed, however many writers and instances there are.
 *
 * <p>No database transaction or row lock is held while sending. It wakes when a transaction that
 * wrote to the outbox commits (NOTIFY); the slow safety poll only covers a lost notification. A
 * row the broker refuses for good (larger than the topic takes, say) is parked with the reason and
 * the rows after it flow on; a broker outage is retried with backoff. A crash between send and
 * mark re-sends: consumers are idempotent by ce_id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final DateTimeFormatter CE_TIME = DateTimeFormatter.ISO_INSTANT;

    /** Who publishes: this instance, another one (this one stands by), or nobody yet. */
    public enum Role { PUBLISHING, STANDBY, STARTING }

    @Inject
    PlatformMigrations migrations;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    EventLimits limits;
    @Inject
    EventMetrics metrics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;
    @ConfigProperty(name = "onetem.events.source")
    String source;
    /** Off only to show what a crash between commit and publish leaves behind. */
    @ConfigProperty(name = "onetem.outbox.relay.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "onetem.outbox.safety-poll", defaultValue = "PT10S")
    Duration safetyPoll;
    /** How often a standby instance tries to take the lease over. */
    @ConfigProperty(name = "onetem.outbox.lease-retry", defaultValue = "PT2S")
    Duration leaseRetry;
    @ConfigProperty(name = "onetem.outbox.batch-size", defaultValue = "500")
    int batchSize;
    /**
     * While busy, the relay waits this long after being woken, so that one read, one send and one
     * mark carry several events rather than one each (each costs the database and the broker
     * about the same whatever it carries). Otherwise an event is sent at once.
     */
    @ConfigProperty(name = "onetem.outbox.linger", defaultValue = "PT0.005S")
    Duration linger;
    /** Busy: sending at least this many events a second ({@link OutboxPace}). */
    @ConfigProperty(name = "onetem.outbox.busy-from", defaultValue = "100")
    int busyFrom;

    private volatile boolean running;
    private volatile Role role = Role.STARTING;
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
            thread.interrupt();
            wakeForShutdown();
            thread.join(5_000);
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** The relay may be waiting for a notification, which an interrupt does not end: send one. */
    private void wakeForShutdown() {
        try (Connection connection = dataSource.getConnection(); Statement notify = connection.createStatement()) {
            notify.execute("notify " + RelayLease.CHANNEL);
        } catch (SQLException e) {
            // The database is away: the relay is retrying, and the interrupt ends that.
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    public Role role() {
        return role;
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
        // A send waits this long at most for topic metadata (a missing topic), not Kafka's 60 s.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        // Whatever the outbox took, the producer sends (the topics take it too: TopicProvisioner).
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, limits.maxRecordBytes());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        return config;
    }

    private void run() {
        Backoff backoff = new Backoff();
        OutboxPace pace = new OutboxPace(busyFrom, System.nanoTime());
        RelayLease lease = null;
        while (running) {
            try {
                if (lease == null) {
                    lease = RelayLease.tryAcquire(jdbcUrl, user.orElse(null), password.orElse(null), source);
                    if (lease == null) {
                        role = Role.STANDBY;
                        Thread.sleep(leaseRetry.toMillis());
                        continue;
                    }
                    role = Role.PUBLISHING;
                    LOG.infof("This instance now publishes the outbox of %s", source);
                }
                int sent = publishBatch(lease.connection());
                pace.sent(sent, System.nanoTime());
                lastError = null;
                backoff.reset();
                if (sent < batchSize) {
                    lease.awaitNewEvents(safetyPoll.toMillis());
                    if (pace.busy(System.nanoTime())) {
                        lingerForMore(lease);
                    }
                }
            } catch (InterruptedException e) {
                break;
            } catch (SQLException e) {
                // The session may be gone, and the lease with it: give it up and take it again.
                if (lease != null) {
                    lease.close();
                    lease = null;
                }
                role = Role.STARTING;
                failed(e, backoff);
            } catch (Exception e) {
                failed(e, backoff);
            }
        }
        if (lease != null) {
            lease.close();
        }
    }

    /** Busy: lets the events behind this one commit, then reads them all at once. */
    private void lingerForMore(RelayLease lease) throws InterruptedException, SQLException {
        Thread.sleep(linger.toMillis());
        lease.clearNotifications();
    }

    private void failed(Exception e, Backoff backoff) {
        if (!running) {
            return;
        }
        lastError = e.toString();
        long millis = backoff.next();
        LOG.warnf("Outbox relay could not publish (retrying in %d ms): %s", millis, e);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Sends up to one batch, oldest first, and records what became of each row; returns how many it read. */
    int publishBatch(Connection connection) throws SQLException, InterruptedException {
        List<Long> sequences = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select seq, event_id, topic, event_key, event_type, event_source, subject, occurred_at, payload,
                       traceparent
                from outbox_event where published_at is null and parked_at is null order by seq limit ?""")) {
            select.setInt(1, batchSize);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sequences.add(rows.getLong("seq"));
                    types.add(rows.getString("event_type"));
                    acks.add(send(toRecord(rows)));
                }
            }
        }
        List<Long> published = new ArrayList<>();
        Throwable retry = null;
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
                published.add(sequences.get(i));
                metrics.published(types.get(i));
            } catch (ExecutionException e) {
                if (refusedForGood(e.getCause())) {
                    park(connection, sequences.get(i), e.getCause());
                } else if (retry == null) {
                    retry = e.getCause();
                }
            }
        }
        markPublished(connection, published);
        if (retry != null) {
            throw new IllegalStateException("The broker did not take " + (sequences.size() - published.size())
                    + " event(s): " + retry, retry);
        }
        return sequences.size();
    }

    private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** What is wrong with the record itself, so that no retry can help; anything else is retried. */
    private static boolean refusedForGood(Throwable failure) {
        return failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
                || failure instanceof InvalidRecordException;
    }

    private void park(Connection connection, long seq, Throwable reason) throws SQLException {
        LOG.errorf("Outbox event seq %d cannot be published and is parked; the events after it flow on. "
                + "See GET /admin/events/parked: %s", seq, reason.toString());
        try (PreparedStatement park = connection.prepareStatement(
                "update outbox_event set parked_at = now(), park_reason = ? where seq = ?")) {
            park.setString(1, reason.toString());
            park.setLong(2, seq);
            park.executeUpdate();
        }
    }

    private static void markPublished(Connection connection, List<Long> sequences) throws SQLException {
        if (sequences.isEmpty()) {
            return;
        }
        try (PreparedStatement mark = connection.prepareStatement(
                "update outbox_event set published_at = now() where seq = any(?)")) {
            Array array = connection.createArrayOf("bigint", sequences.toArray());
            mark.setArray(1, array);
            mark.executeUpdate();
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
        String traceparent = row.getString("traceparent");
        if (traceparent != null) {
            header(record, CloudEventHeaders.TRACEPARENT, traceparent);
        }
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}
