package city.onetem.careplans;

import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes careplan.updated.v1 records straight to careplans.v1 on the real broker, headers as the
 * outbox relay writes them, so a test can publish one twice (a relay crash between send and mark)
 * or many at once, without the service making the change.
 */
final class PublishedPlans implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    PublishedPlans(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** A CarePlan version for this person (NHS number), under this event id and person key; returns the plan id. */
    String publish(String key, String eventId, String nhs) {
        String planId = UUID.randomUUID().toString();
        publish(key, eventId, nhs, planId);
        return planId;
    }

    void publish(String key, String eventId, String nhs, String planId) {
        String carePlan = """
                {"resourceType":"CarePlan","id":"%s","meta":{"versionId":"1"},"status":"active","intent":"plan",\
                "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}"""
                .formatted(planId, nhs);
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.CARE_PLANS, key, carePlan);
        Map.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE,
                CloudEventHeaders.ID, eventId,
                CloudEventHeaders.SOURCE, "/onetem/care-plans",
                CloudEventHeaders.TYPE, EventTypes.CAREPLAN_UPDATED,
                CloudEventHeaders.TIME, Instant.now().toString(),
                CloudEventHeaders.SUBJECT, "CarePlan/" + planId,
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.FHIR_JSON)
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + Topics.CARE_PLANS, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
