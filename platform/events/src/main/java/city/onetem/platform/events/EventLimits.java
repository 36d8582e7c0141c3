package city.onetem.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sizes and retention that the outbox, the producer, the topics and the consumers must
 * agree on, in one place: any event the outbox takes can be published, and a consumer remembers
 * an event id for as long as a topic can deliver that event again.
 */
@ApplicationScoped
public class EventLimits {

    /** Headers and key on top of the payload, with room to spare. */
    private static final int RECORD_OVERHEAD_BYTES = 64 * 1024;
    /** Processed ids outlive the topics' retention by this much, for clocks and late pruning. */
    private static final Duration PROCESSED_ID_MARGIN = Duration.ofDays(1);

    /** Largest event payload the outbox takes: 4 MiB, twice the API's request body limit. */
    @ConfigProperty(name = "onetem.events.max-payload-bytes", defaultValue = "4194304")
    int maxPayloadBytes;
    /** How long the event topics keep events (their retention.ms); Kafka's default is 7 days. */
    @ConfigProperty(name = "onetem.events.topic-retention", defaultValue = "P7D")
    Duration topicRetention;

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** The producer's max.request.size and the topics' max.message.bytes. */
    public int maxRecordBytes() {
        return maxPayloadBytes + RECORD_OVERHEAD_BYTES;
    }

    /** The DLQ producer's max.request.size and the DLQ topics' max.message.bytes: a record plus the reason. */
    public int maxParkedRecordBytes() {
        return maxRecordBytes() + RECORD_OVERHEAD_BYTES;
    }

    public Duration topicRetention() {
        return topicRetention;
    }

    /** How long a consumer keeps the ids of events it applied: longer than any topic keeps them. */
    public Duration processedIdRetention() {
        return topicRetention.plus(PROCESSED_ID_MARGIN);
    }
}
