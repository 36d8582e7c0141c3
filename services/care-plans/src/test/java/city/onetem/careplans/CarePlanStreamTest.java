package city.onetem.careplans;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.ServiceMetrics;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Teams follow their plans live: every stream of the instance is served by its one reader of
 * careplans.v1, a change published twice is pushed once, a reconnect resumes where it left off
 * (or is told to re-read when that is too long ago), and each caller holds a few streams at most.
 * Each test follows as its own caller, so the per-caller limit of one never meets another's.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class CarePlanStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "onetem.stream.window")
    int window;
    @ConfigProperty(name = "onetem.stream.max-per-caller")
    int perCaller;
    @Inject
    PersonKeys personKeys;
    @Inject
    io.agroal.api.AgroalDataSource dataSource;
    @TestHTTPResource("/fhir/CarePlan/_stream")
    URI stream;

    /** One Server-Sent Event as received. */
    record Pushed(String id, String event, String data) {
    }

    @Test
    void aClusterTeamGetsEachChangeToItsPlansAndResumesWithExactlyWhatItMissed() throws Exception {
        String nurse = nurse("nurse.east");
        SpaEvents spa = new SpaEvents(bootstrapServers, personKeys);
        String nhs = TestNhsNumbers.next();
        try (Listening stayed = listen(nurse, "?cluster=east", null)) {
            Pushed accepted;
            try (Listening east = listen(nurse, "?cluster=east", null)) {
                String referral = spa.received(nhs, "Community nursing");
                spa.publish(UUID.randomUUID().toString(), EventTypes.REFERRAL_ACCEPTED, nhs, referral, 3,
                        "Community nursing", "accepted", "East cluster");
                List<Pushed> pushed = east.until(event -> event.event().startsWith("careplan."));
                accepted = pushed.get(pushed.size() - 1);
                assertEquals(EventTypes.CAREPLAN_UPDATED, accepted.event());
                assertTrue(accepted.data().contains("accepted by East cluster"));
            }

            // Two more changes while the client is away; one that stayed connected sees them.
            String second = spa.received(nhs, "Reablement");
            String third = spa.received(nhs, "Falls prevention");
            stayed.until(pushed -> pushed.id().equals(accepted.id()));
            List<Pushed> missed = stayed.until(pushed -> pushed.data().contains(third));

            try (Listening resumed = listen(nurse, "?cluster=east", accepted.id())) {
                List<Pushed> replayed = resumed.until(pushed -> pushed.data().contains(third));
                assertEquals(missed, replayed, "every change since the Last-Event-ID, in order, with the same ids");
                assertTrue(replayed.stream().anyMatch(pushed -> pushed.data().contains(second)));
                String live = spa.received(nhs, "Mental health");
                Pushed next = resumed.next();
                assertTrue(next.data().contains(live), "then live changes, nothing twice: " + next);
            }
        }
    }

    @Test
    void anotherClustersPlansAreNotPushed() throws Exception {
        String nurse = nurse("nurse.west");
        SpaEvents spa = new SpaEvents(bootstrapServers, personKeys);
        String north = TestNhsNumbers.next();
        try (Listening west = listen(nurse, "?cluster=west", null);
                Listening person = listen(nurse, "?patient.identifier=" + north, null)) {
            String northReferral = spa.received(north, "Community nursing");
            spa.publish(UUID.randomUUID().toString(), EventTypes.REFERRAL_ACCEPTED, north, northReferral, 3,
                    "Community nursing", "accepted", "North cluster");
            assertTrue(person.next().data().contains(northReferral), "following the person gets their change");

            String westPerson = TestNhsNumbers.next();
            String westReferral = spa.received(westPerson, "Reablement");
            spa.publish(UUID.randomUUID().toString(), EventTypes.REFERRAL_ACCEPTED, westPerson, westReferral, 3,
                    "Reablement", "accepted", "West cluster");
            Pushed first = west.next();
            assertTrue(first.data().contains(westPerson), "the west team's first change is about its own person: "
                    + first);
        }
    }

    @Test
    void theStreamNeedsACareTeamToken() throws Exception {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(stream)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(401, response.statusCode());
    }

    @Test
    void everyStreamIsServedByTheInstancesOneReaderOfCarePlans() throws Exception {
        String nhs = TestNhsNumbers.next();
        try (PublishedPlans plans = new PublishedPlans(bootstrapServers);
                Listening first = listen(nurse("nurse.first"), "?patient.identifier=" + nhs, null);
                Listening second = listen(nurse("nurse.second"), "?patient.identifier=" + nhs, null)) {
            String plan = plans.publish(key(nhs), UUID.randomUUID().toString(), nhs);
            assertTrue(first.next().data().contains(plan));
            assertTrue(second.next().data().contains(plan));
            assertEquals(1, consumersReading(Topics.CARE_PLANS),
                    "one Kafka consumer reads careplans.v1 in this JVM, whatever the number of streams");
        }
    }

    @Test
    void aChangePublishedTwiceIsPushedOnce() throws Exception {
        String nhs = TestNhsNumbers.next();
        try (PublishedPlans plans = new PublishedPlans(bootstrapServers);
                Listening person = listen(nurse("nurse.dedup"), "?patient.identifier=" + nhs, null)) {
            String eventId = UUID.randomUUID().toString();
            String plan = UUID.randomUUID().toString();
            plans.publish(key(nhs), eventId, nhs, plan);
            plans.publish(key(nhs), eventId, nhs, plan); // the relay sending again after a crash before its mark
            // The same person's key, so the same partition: read after both copies.
            String after = plans.publish(key(nhs), UUID.randomUUID().toString(), nhs);

            assertTrue(person.next().data().contains(plan));
            Pushed next = person.next();
            assertTrue(next.data().contains(after), "the copy was not pushed: " + next);
        }
    }

    @Test
    void aCallerHoldsAFewStreamsAtMostAndAClosedOneFreesItsSlot() throws Exception {
        String nurse = nurse("nurse.limits");
        List<Listening> open = new ArrayList<>();
        // Earlier tests' streams closed (the server sees a client go at once): the dashboard counts from 0.
        ServiceMetrics.await(0, WAIT, "onetem_stream_subscribers");
        try {
            for (int i = 0; i < perCaller; i++) {
                open.add(listen(nurse, "?cluster=limits", null));
            }
            ServiceMetrics.await(perCaller, WAIT, "onetem_stream_subscribers");
            try (Listening refused = listen(nurse, "?cluster=limits", null)) {
                assertEquals(429, refused.status);
                assertTrue(refused.retryAfter != null && Integer.parseInt(refused.retryAfter) > 0,
                        "Retry-After: " + refused.retryAfter);
                JsonPath outcome = JsonPath.from(refused.body);
                assertEquals("OperationOutcome", outcome.getString("resourceType"));
                assertEquals("throttled", outcome.getString("issue[0].code"));
                assertTrue(outcome.getString("issue[0].diagnostics").contains(perCaller + " live care plan streams"),
                        outcome.getString("issue[0].diagnostics"));
            }
            assertEquals(200, listen(nurse("nurse.other"), "?cluster=limits", null).closing().status,
                    "another caller is not held back");

            open.remove(0).close();
            await().atMost(WAIT).until(() -> {
                Listening again = listen(nurse, "?cluster=limits", null);
                open.add(again);
                return again.status == 200;
            });
        } finally {
            for (Listening listening : open) {
                listening.close();
            }
        }
    }

    @Test
    void aLastEventIdOlderThanTheChangesHeldGetsAResetThenLiveChanges() throws Exception {
        String nurse = nurse("nurse.reset");
        String nhs = TestNhsNumbers.next();
        try (PublishedPlans plans = new PublishedPlans(bootstrapServers)) {
            String token;
            try (Listening person = listen(nurse, "?patient.identifier=" + nhs, null)) {
                plans.publish(key(nhs), UUID.randomUUID().toString(), nhs);
                token = person.next().id();
                // More changes than the instance holds, on this person's partition (their key), for someone else.
                String someoneElse = TestNhsNumbers.next();
                for (int i = 0; i <= window; i++) {
                    plans.publish(key(nhs), UUID.randomUUID().toString(), someoneElse);
                }
                String last = plans.publish(key(nhs), UUID.randomUUID().toString(), nhs);
                assertTrue(person.next().data().contains(last), "the instance has read past them all");
            }

            try (Listening resumed = listen(nurse, "?patient.identifier=" + nhs, token)) {
                Pushed reset = resumed.next();
                assertEquals("reset", reset.event());
                JsonPath outcome = JsonPath.from(reset.data());
                assertEquals("OperationOutcome", outcome.getString("resourceType"));
                assertTrue(outcome.getString("issue[0].diagnostics").contains("search"));
                assertNotEquals(token, reset.id(), "the reset's id is where the stream goes on from");
                String live = plans.publish(key(nhs), UUID.randomUUID().toString(), nhs);
                assertTrue(resumed.next().data().contains(live), "then live changes");
            }
            try (Listening unknown = listen(nurse, "?patient.identifier=" + nhs, "not a token of ours")) {
                assertEquals("reset", unknown.next().event());
            }
        }
    }

    @Test
    void aReconnectAfterARestartResumesFromWhatTheNewInstanceReadAtStart() throws Exception {
        String nhs = TestNhsNumbers.next();
        String token;
        List<String> missed = new ArrayList<>();
        try (PublishedPlans plans = new PublishedPlans(bootstrapServers)) {
            try (Listening person = listen(nurse("nurse.restart"), "?patient.identifier=" + nhs, null)) {
                plans.publish(key(nhs), UUID.randomUUID().toString(), nhs);
                token = person.next().id();
            }
            missed.add(plans.publish(key(nhs), UUID.randomUUID().toString(), nhs));
            missed.add(plans.publish(key(nhs), UUID.randomUUID().toString(), nhs));
        }

        // What a new instance's feed holds once it has read the latest records of each partition at start.
        try (KafkaConsumer<String, String> reading = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = CarePlanFeed.partitionsOf(reading);
            reading.assign(partitions);
            ChangeWindow restarted = CarePlanFeed.fill(reading, partitions, window);
            Following person = Following.of(null, new NhsNumber(nhs));
            List<String> resumed = ChangeWindowTest.replayed(restarted, restarted.start(token)).stream()
                    .filter(person::includes).map(change -> JsonPath.from(change.json()).getString("id")).toList();
            assertEquals(missed, resumed);
        }
    }

    private String key(String nhs) {
        return personKeys.keyFor(new NhsNumber(nhs));
    }

    private static String nurse(String subject) {
        return DevKeys.forThisJvm().token(subject, "R1C", Duration.ofHours(1), List.of("central", "east", "west", "limits"),
                Roles.COMMUNITY_NURSE);
    }

    /** Kafka consumers in this JVM that have fetched from the topic (each registers its fetch metrics over JMX). */
    private static long consumersReading(String topic) throws Exception {
        return ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,topic=" + topic + ",*"),
                        null)
                .stream().map(name -> name.getKeyProperty("client-id")).distinct().count();
    }

    /** Connects as this caller; a 200 is read as events on a thread of its own until closed. */
    /** A person's stream is for those who care for them: the central team holds each person followed here. */
    private Listening listen(String token, String query, String lastEventId) throws Exception {
        if (query.startsWith("?patient.identifier=")) {
            Plans.heldBy(dataSource, query.substring("?patient.identifier=".length()), "central");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stream + query))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return new Listening(response);
    }

    /** A stream as its client sees it. Closing it closes the connection, as a browser leaving the page does. */
    static final class Listening implements AutoCloseable {

        final int status;
        final String retryAfter;
        final String body;
        private final InputStream in;
        private final BlockingQueue<Pushed> events = new LinkedBlockingQueue<>();
        /** Counted down when the server ends the stream (not when the test closes it). */
        private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

        Listening(HttpResponse<InputStream> response) throws IOException {
            status = response.statusCode();
            retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            in = response.body();
            if (status != 200) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return;
            }
            body = null;
            Thread reader = new Thread(this::read, "test-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next event; fails after a generous wait. */
        Pushed next() throws InterruptedException {
            Pushed pushed = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(pushed, "an event within " + WAIT);
            return pushed;
        }

        /** The events up to and including the first that matches. */
        List<Pushed> until(Predicate<Pushed> last) throws InterruptedException {
            List<Pushed> seen = new ArrayList<>();
            Pushed pushed;
            do {
                pushed = next();
                seen.add(pushed);
            } while (!last.test(pushed));
            return seen;
        }

        /** Whether the server ends the stream within this wait. */
        boolean endsWithin(Duration wait) throws InterruptedException {
            return ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Every event received so far and not yet taken. */
        List<Pushed> received() {
            List<Pushed> taken = new ArrayList<>();
            events.drainTo(taken);
            return taken;
        }

        Listening closing() {
            close();
            return this;
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // already gone
            }
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String id = null;
                String event = null;
                StringBuilder data = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty()) {
                        if (data != null) {
                            events.add(new Pushed(id, event, data.toString()));
                        }
                        id = null;
                        event = null;
                        data = null;
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).trim());
                    }
                }
                ended.countDown();
            } catch (IOException e) {
                // closed by the test
            }
        }
    }
}
