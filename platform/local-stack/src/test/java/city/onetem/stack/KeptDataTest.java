package city.onetem.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What run.sh keeps across a stop and start, on the real servers through the calls run.sh makes:
 * a database row, a record on a topic and a consumer group's committed offset; and what --fresh
 * forgets: all of them.
 */
class KeptDataTest {

    private static final String TOPIC = "kept.v1";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final String GROUP = "kept-reader";

    @TempDir
    Path work;

    @Test
    void aRowARecordAndACommittedOffsetOutliveARestartAndFreshForgetsThem() throws Exception {
        try (LocalStack stack = stack().startInfrastructureOnKeptData()) {
            try (Connection db = stack.connect("postgres"); Statement sql = db.createStatement()) {
                sql.execute("create table referral (note text)");
                sql.execute("insert into referral values ('leg ulcer dressing')");
            }
            String bootstrap = stack.kafkaBootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                    "acks", "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(TOPIC, "person", "referral received")).get();
            }
            try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
                assertEquals(List.of("referral received"), readFromStart(consumer));
                consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(1)));
            }
        }

        try (LocalStack stack = stack().startInfrastructureOnKeptData()) {
            assertEquals("leg ulcer dressing", query(stack, "select string_agg(note, ',') from referral"));
            try (KafkaConsumer<String, String> consumer = consumer(stack.kafkaBootstrapServers())) {
                assertEquals(List.of("referral received"), readFromStart(consumer));
                assertEquals(1, committed(consumer).offset());
            }
        }

        LocalStack fresh = stack();
        fresh.deleteKeptData();
        try (LocalStack stack = fresh.startInfrastructureOnKeptData()) {
            assertEquals(null, query(stack, "select to_regclass('referral')::text"));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()));
                    KafkaConsumer<String, String> consumer = consumer(stack.kafkaBootstrapServers())) {
                assertFalse(admin.listTopics().names().get().contains(TOPIC));
                assertEquals(null, committed(consumer));
            }
        }
    }

    private LocalStack stack() {
        return new LocalStack(LocalStack.findRoot(), work, false);
    }

    private static String query(LocalStack stack, String select) throws Exception {
        try (Connection db = stack.connect("postgres"); Statement sql = db.createStatement();
                ResultSet result = sql.executeQuery(select)) {
            assertTrue(result.next());
            return result.getString(1);
        }
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "group.id", GROUP,
                "enable.auto.commit", "false"), new StringDeserializer(), new StringDeserializer());
    }

    private static List<String> readFromStart(KafkaConsumer<String, String> consumer) {
        consumer.assign(List.of(PARTITION));
        consumer.seekToBeginning(List.of(PARTITION));
        return consumer.poll(Duration.ofSeconds(10)).records(PARTITION).stream().map(ConsumerRecord::value).toList();
    }

    private static OffsetAndMetadata committed(KafkaConsumer<String, String> consumer)
            throws ExecutionException, InterruptedException {
        return consumer.committed(Set.of(PARTITION), Duration.ofSeconds(10)).get(PARTITION);
    }
}
