package city.onetem.platform.events;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Parks an event that could not be applied on {@code <topic>.dlq}, headers and value as they came, with the reason
 * (dead-letter-reason, -cause, -topic, -partition, -offset), and waits for the broker to have it.
 * The consumer does this itself rather than through SmallRye's dead-letter strategy, because that
 * strategy also parks events that failed only because the service was shutting down.
 */
@ApplicationScoped
public class DeadLetters {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    EventLimits limits;

    private volatile KafkaProducer<byte[], byte[]> producer;

    public void park(ConsumerRecord<String, ?> record, Throwable reason) throws Exception {
        ProducerRecord<byte[], byte[]> parked = new ProducerRecord<>(Topics.deadLetter(record.topic()),
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), bytes(record.value()));
        for (Header header : record.headers()) {
            parked.headers().add(header);
        }
        header(parked, "dead-letter-reason", reason(reason));
        if (reason.getCause() != null) {
            header(parked, "dead-letter-cause", reason.getCause().toString());
        }
        header(parked, "dead-letter-topic", record.topic());
        header(parked, "dead-letter-partition", Integer.toString(record.partition()));
        header(parked, "dead-letter-offset", Long.toString(record.offset()));
        producer().send(parked).get(30, TimeUnit.SECONDS);
    }

    /**
     * What went wrong, as a person reads it: the message, and the root cause's when it differs
     * (a failed commit says only "could not commit"; the database said why).
     */
    static String reason(Throwable reason) {
        Throwable root = reason;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = reason.getMessage() == null ? reason.toString() : reason.getMessage();
        String cause = root.getMessage() == null ? root.toString() : root.getMessage();
        return root == reason || message.contains(cause) ? message : message + " (caused by: " + cause + ")";
    }

    void stop(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.CLIENT_ID_CONFIG, "dead-letters",
                            // A parked record is the record as it came, plus headers.
                            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, limits.maxParkedRecordBytes()),
                            new ByteArraySerializer(), new ByteArraySerializer());
                }
            }
        }
        return producer;
    }

    private static byte[] bytes(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof byte[] raw ? raw : value.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
