package city.onetem.platform.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes to and reads from the real broker, as a test that checks what really crossed it. */
public final class TestEvents {

    private TestEvents() {
    }

    /**
     * Every record on the topic, read until {@code until} holds for the records seen or the wait
     * runs out; either way returns what was read, for the test to assert on.
     */
    public static List<ConsumerRecord<String, String>> read(String bootstrapServers, String topic, Duration wait,
            Predicate<List<ConsumerRecord<String, String>>> until) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(wait);
            while (Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                if (until.test(records)) {
                    break;
                }
            }
        }
        return records;
    }

    /** Publishes one record with these headers and waits until the broker has it (acks=all). */
    public static void publish(String bootstrapServers, String topic, String key, Map<String, String> headers,
            String value) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }

    /**
     * Publishes a version of a person's One Team plan to careplans.v1 as care-plans does (a
     * CloudEvent whose data is the CarePlan), held by {@code cluster} (or no team, when null);
     * {@code key} is the person's event key. Returns the event's ce_id.
     */
    public static String publishCarePlan(String bootstrapServers, String key, String nhsNumber, String planId,
            int version, String status, String cluster) {
        String holder = cluster == null ? "" : """
                "extension":[{"url":"https://onetem.city/fhir/StructureDefinition/cluster",
                  "valueIdentifier":{"system":"https://onetem.city/Id/cluster","value":"%s"}}],""".formatted(cluster);
        String plan = """
                {"resourceType":"CarePlan","id":"%s","meta":{"versionId":"%d"},%s"status":"%s","intent":"plan",
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}"""
                .formatted(planId, version, holder, status, nhsNumber);
        String id = UUID.randomUUID().toString();
        publish(bootstrapServers, "careplans.v1", key, Map.of("ce_specversion", "1.0", "ce_id", id,
                "ce_source", "/onetem/care-plans", "ce_type", "careplan.updated.v1",
                "ce_subject", "CarePlan/" + planId, "content-type", "application/fhir+json"), plan);
        return id;
    }

    /**
     * Publishes a version of a person's objection to sharing (a Consent, provision deny) to
     * careplans.v1 as care-plans does: refusing {@code refused} (an ODS code), kept by {@code keeper}.
     * Returns the event's ce_id.
     */
    public static String publishObjection(String bootstrapServers, String key, String nhsNumber, String consentId,
            int version, String status, String refused, String keeper) {
        String consent = """
                {"resourceType":"Consent","id":"%s","meta":{"versionId":"%d"},"status":"%s",
                 "patient":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "organization":[{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"%s"}}],
                 "provision":{"type":"deny","actor":[{"reference":{"identifier":
                   {"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"%s"}}}]}}"""
                .formatted(consentId, version, status, nhsNumber, keeper, refused);
        String id = UUID.randomUUID().toString();
        publish(bootstrapServers, "careplans.v1", key, Map.of("ce_specversion", "1.0", "ce_id", id,
                "ce_source", "/onetem/care-plans", "ce_type", version == 1 ? "consent.created.v1" : "consent.updated.v1",
                "ce_subject", "Consent/" + consentId, "content-type", "application/fhir+json"), consent);
        return id;
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
