package city.onetem.careplans;

import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.FhirException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One subscriber's view of careplans.v1, read straight from the broker: the published log of
 * every committed plan change, in order per person. Its position is a resume token
 * ("partition:offset,..."), so a client that reconnects with the last token it saw gets every
 * change after it and none twice: the SSE Last-Event-ID.
 */
final class CarePlanStream implements AutoCloseable {

    /** A change as pushed: the token after it, the event type and the CarePlan JSON. */
    record Change(String token, String type, String carePlan) {
    }

    private final KafkaConsumer<String, String> consumer;
    /** Per partition, the offset after the last record this stream has passed on or filtered out. */
    private final Map<TopicPartition, Long> seen = new LinkedHashMap<>();

    CarePlanStream(String bootstrapServers, String resumeToken) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "care-plan-stream-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.CARE_PLANS, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(Topics.CARE_PLANS, p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> resume = resumeToken == null || resumeToken.isBlank() ? null : parse(resumeToken);
        for (TopicPartition partition : partitions) {
            if (resume == null) {
                consumer.seekToEnd(List.of(partition));
            } else if (resume.containsKey(partition)) {
                consumer.seek(partition, resume.get(partition));
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
            seen.put(partition, consumer.position(partition));
        }
    }

    /** The changes published since the last call that pass the filter, waiting up to the timeout for the first. */
    List<Change> next(Duration wait, Predicate<String> wanted) {
        List<Change> changes = new ArrayList<>();
        for (ConsumerRecord<String, String> record : consumer.poll(wait)) {
            seen.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            if (wanted.test(record.value())) {
                changes.add(new Change(position(), header(record, CloudEventHeaders.TYPE), record.value()));
            }
        }
        return changes;
    }

    /** The resume token for where this stream is now. */
    String position() {
        StringBuilder token = new StringBuilder();
        seen.forEach((partition, offset) -> token.append(token.isEmpty() ? "" : ",").append(partition.partition())
                .append(':').append(offset));
        return token.toString();
    }

    private static Map<TopicPartition, Long> parse(String token) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        try {
            for (String part : token.split(",")) {
                String[] pair = part.split(":");
                positions.put(new TopicPartition(Topics.CARE_PLANS, Integer.parseInt(pair[0])), Long.parseLong(pair[1]));
            }
        } catch (RuntimeException e) {
            throw FhirException.badRequest("Last-Event-ID '" + token + "' is not a token this server sent");
        }
        return positions;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
