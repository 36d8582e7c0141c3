package city.onetem.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.FreePorts;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One referral followed by its trace, from the referrer's POST to the nurse's screen: a referrer's
 * POST (a 111 system's, a GP system's) carries a W3C traceparent; the SPA's event carries that
 * trace on referrals.v1 (ce_traceparent), care-plans continues it while it applies the event, its
 * own event on careplans.v1 carries it on to the live stream, and the board pushes the change to
 * the nurse's open page in it. Each sends its spans to the collector named by the one setting,
 * onetem.tracing.otlp-endpoint (here a stand-in collector taking OTLP over HTTP).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingEndToEndTest {

    private static final Duration READY = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<byte[]> exported = new CopyOnWriteArrayList<>();
    private HttpServer collector;
    private LocalStack stack;

    @BeforeAll
    void start() throws Exception {
        collector = HttpServer.create(new InetSocketAddress("localhost", FreePorts.next()), 0);
        collector.createContext("/", exchange -> {
            exported.add(exchange.getRequestBody().readAllBytes());
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        String endpoint = "http://localhost:" + collector.getAddress().getPort();
        stack = new LocalStack(LocalStack.findRoot(), Path.of("target", "e2e-tracing").toAbsolutePath(), false)
                .startInfrastructure();
        for (String name : List.of("referrals", "care-plans")) {
            traced(stack.service(name), endpoint).start();
        }
        // The board links to all four; only care-plans' stream is needed here.
        stack.service("discharge");
        stack.service("virtual-ward");
        traced(stack.board(), endpoint).start();
        for (String name : List.of("referrals", "care-plans", "board")) {
            stack.get(name).awaitReady(READY);
        }
    }

    private static ServiceProcess traced(ServiceProcess process, String collector) {
        return process.with("onetem.tracing.otlp-endpoint", collector)
                .with("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
    }

    @AfterAll
    void stop() {
        stack.close();
        collector.stop(0);
    }

    @Test
    void aReferralsTraceGoesFromTheReferrersPostThroughKafkaAndTheCarePlanToTheNursesScreen() throws Exception {
        BlockingQueue<String> page = new BoardSession(stack.get("board").baseUrl()).signInAs("nurse.jones")
                .follow("/events?team=central");
        assertTrue(page.poll(30, TimeUnit.SECONDS) != null, "the nurse's board is open and following");
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String nhsNumber = TestNhsNumbers.next();
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(
                URI.create(stack.get("referrals").baseUrl() + "/fhir/ServiceRequest"))
                .header("Authorization", "Bearer " + stack.keys().token("dr.patel", "J82001", "referring-system"))
                .header("Content-Type", "application/fhir+json")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString(Demo.referral(nhsNumber))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, posted.statusCode(), posted.body());
        String referralId = Demo.idOf(posted.body());

        ConsumerRecord<String, String> received = first("referrals.v1", referralId);
        assertEquals(traceId, traceIdOf(received), "the SPA's event continues the referrer's trace");
        ConsumerRecord<String, String> plan = first("careplans.v1", referralId);
        assertEquals(traceId, traceIdOf(plan), "care-plans' event, made while applying it, continues it too");

        byte[] id = HexFormat.of().parseHex(traceId);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !(exportedBy("referrals", id) && exportedBy("care-plans", id))) {
            Thread.sleep(250);
        }
        assertTrue(exportedBy("referrals", id), "the SPA's spans of the trace reached the collector");
        assertTrue(exportedBy("care-plans", id), "care-plans' spans of the trace reached the collector");
        byte[] stream = "careplans.v1 stream".getBytes(StandardCharsets.UTF_8);
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && exported.stream().noneMatch(body -> contains(body, id) && contains(body, stream))) {
            Thread.sleep(250);
        }
        assertTrue(exported.stream().anyMatch(body -> contains(body, id) && contains(body, stream)),
                "the trace reaches the live stream that carries the change to the team's screens");

        assertTrue(heardOfAChange(page), "the nurse's page is told of the change");
        byte[] push = "board push".getBytes(StandardCharsets.UTF_8);
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !exportedBy("board", id, push)) {
            Thread.sleep(250);
        }
        assertTrue(exportedBy("board", id, push), "and the board's push of it to the page is in the same trace");
    }

    private static boolean heardOfAChange(BlockingQueue<String> page) throws InterruptedException {
        for (String line = page.poll(30, TimeUnit.SECONDS); line != null; line = page.poll(30, TimeUnit.SECONDS)) {
            if (line.equals("event: changed") || line.equals("event:changed")) {
                return true;
            }
        }
        return false;
    }

    /** The first event on the topic naming the referral. */
    private ConsumerRecord<String, String> first(String topic, String referralId) throws Exception {
        return TestEvents.read(stack.kafkaBootstrapServers(), topic, Duration.ofSeconds(20),
                records -> records.stream().anyMatch(r -> r.value().contains(referralId)))
                .stream().filter(r -> r.value().contains(referralId)).findFirst().orElseThrow();
    }

    private static String traceIdOf(ConsumerRecord<String, String> record) {
        String traceparent = TestEvents.header(record, "ce_traceparent");
        assertTrue(traceparent != null && traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"),
                record.topic() + " ce_traceparent: " + traceparent);
        return traceparent.split("-")[1];
    }

    /** Whether an export from this service (its service.name) carried a span of this trace (and with this text). */
    private boolean exportedBy(String service, byte[] traceId, byte[]... alsoHaving) {
        byte[] name = service.getBytes(StandardCharsets.UTF_8);
        return exported.stream().anyMatch(body -> contains(body, traceId) && contains(body, name)
                && Arrays.stream(alsoHaving).allMatch(part -> contains(body, part)));
    }

    private static boolean contains(byte[] body, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= body.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
