package city.onetem.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its first record up to the end it had when reading began, a poll at a time,
 * with no consumer group: what a rebuild from the log reads.
 */
public final class TopicFromStart {

    /** What is done with each poll's records; {@code total} is how many the topic held when reading began. */
    public interface Batch<E extends Exception> {
        void accept(List<ConsumerRecord<String, String>> records, long total) throws E;
    }

    private TopicFromStart() {
    }

    /** @return how many records were read */
    public static <E extends Exception> long read(String bootstrapServers, String clientId, String topic,
            Batch<E> each) throws E {
        long read = 0;
        try (KafkaConsumer<String, String> reading = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = reading.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException(topic + " has no partitions");
            }
            reading.assign(partitions);
            reading.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reading.endOffsets(partitions);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            while (partitions.stream().anyMatch(partition -> reading.position(partition) < end.get(partition))) {
                List<ConsumerRecord<String, String>> records = new ArrayList<>();
                reading.poll(Duration.ofMillis(500)).forEach(records::add);
                each.accept(records, total);
                read += records.size();
            }
        }
        return read;
    }
}
