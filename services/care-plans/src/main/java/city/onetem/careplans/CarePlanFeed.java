package city.onetem.careplans;

import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.InboundEvent;
import city.onetem.platform.events.Topics;
import city.onetem.platform.events.TraceContext;
import city.onetem.platform.fhir.FhirException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The live stream's one reader of careplans.v1 in this instance: a Kafka consumer on its own
 * thread, assigned every partition (no consumer group: each instance reads everything, and
 * nothing is committed), keeping the recent changes in a {@link ChangeWindow} and waking every
 * open {@link LiveStream} to send what it follows. At start it fills the window from the latest
 * records of each partition, so a client reconnecting after a restart still resumes.
 */
@ApplicationScoped
public class CarePlanFeed {

    private static final Logger LOG = Logger.getLogger(CarePlanFeed.class);
    private static final int STARTING_RETRY_AFTER_SECONDS = 5;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    /** Changes held for resuming: memory is about this times an event's size (a few kB for a plan). */
    @ConfigProperty(name = "onetem.stream.window")
    int windowSize;

    @Inject
    ObjectionWatch objections;
    @Inject
    MeterRegistry registry;
    @Inject
    Tracer tracer;

    private final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();
    private final CountDownLatch filled = new CountDownLatch(1);
    private volatile ChangeWindow window;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running;
    private Thread thread;

    void start(@Observes @Priority(20) StartupEvent event) throws InterruptedException {
        objections.load();
        Gauge.builder("onetem.stream.subscribers", streams, Set::size)
                .description("Care plan streams open now (boards and other clients following changes)")
                .register(registry);
        running = true;
        thread = new Thread(this::run, "care-plan-feed");
        thread.setDaemon(true);
        thread.start();
        // Open for streams with the window filled; if the broker is slow to answer, start anyway (503 till then).
        if (!filled.await(30, TimeUnit.SECONDS)) {
            LOG.warn("The care plan stream has not read careplans.v1 yet; streams are refused until it has");
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> reading = consumer;
        if (reading != null) {
            reading.wakeup();
        }
        streams.forEach(LiveStream::close);
        if (thread != null) {
            thread.join(5_000);
        }
    }

    /** 503 while the feed has not read the recent changes yet (just after start). */
    void requireReady() {
        if (window == null) {
            throw notReady();
        }
    }

    private static FhirException notReady() {
        return FhirException.unavailable("The live stream is still reading the recent changes: connect again in "
                + STARTING_RETRY_AFTER_SECONDS + " seconds", STARTING_RETRY_AFTER_SECONDS);
    }

    /**
     * Opens a stream on this sink for a caller of this organisation (whose objections it honours);
     * {@code releaseSlot} runs when it closes.
     */
    /** @param until when the stream must end (the caller's emergency access expires); null for never */
    void open(SseEventSink sink, Sse sse, Following following, String organisation, String lastEventId,
            Instant until, Runnable releaseSlot) {
        ChangeWindow held = window;
        if (held == null) {
            releaseSlot.run();
            throw notReady();
        }
        LiveStream stream = new LiveStream(sink, sse, held, following,
                change -> objections.withholds(change, organisation), held.start(lastEventId), until, closed -> {
            streams.remove(closed);
            releaseSlot.run();
        });
        streams.add(stream);
        stream.drain();
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void keepAlive() {
        streams.forEach(LiveStream::keepAlive);
    }

    boolean isReading() {
        return window != null && thread.isAlive();
    }

    int openStreams() {
        return streams.size();
    }

    int changesHeld() {
        ChangeWindow held = window;
        return held == null ? 0 : held.size();
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, String> reading = new KafkaConsumer<>(config(), new StringDeserializer(),
                    new StringDeserializer())) {
                consumer = reading;
                follow(reading);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("The care plan stream could not read %s (trying again in 1 s): %s", Topics.CARE_PLANS, e);
                pause();
            }
        }
    }

    private void follow(KafkaConsumer<String, String> reading) {
        List<TopicPartition> partitions = partitionsOf(reading);
        reading.assign(partitions);
        if (window == null) {
            window = fill(reading, partitions, windowSize, objections::heard);
            filled.countDown();
            LOG.infof("The care plan stream holds the %d latest changes on %s", window.size(), Topics.CARE_PLANS);
        } else {
            // Reconnected after an error: carry on where this instance had read to.
            StreamPosition read = window.read();
            partitions.forEach(partition -> reading.seek(partition, read.next(partition.partition())));
        }
        while (running) {
            ConsumerRecords<String, String> records = reading.poll(Duration.ofSeconds(1));
            if (hold(records, window, objections::heard, this::traceArrival)) {
                streams.forEach(LiveStream::drain);
            }
        }
    }

    static List<TopicPartition> partitionsOf(KafkaConsumer<String, String> reading) {
        List<TopicPartition> partitions = reading.partitionsFor(Topics.CARE_PLANS, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(Topics.CARE_PLANS, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException(Topics.CARE_PLANS + " has no partitions yet");
        }
        return partitions;
    }

    /**
     * A window holding the latest records of each assigned partition, an equal share of its size
     * each: what a client that was following another instance, or this one before a restart, resumes from.
     */
    static ChangeWindow fill(KafkaConsumer<String, String> reading, List<TopicPartition> partitions, int size) {
        return fill(reading, partitions, size, (type, payload) -> { });
    }

    /** As {@link #fill(KafkaConsumer, List, int)}, telling {@code heard} of each record's type and payload. */
    static ChangeWindow fill(KafkaConsumer<String, String> reading, List<TopicPartition> partitions, int size,
            BiConsumer<String, String> heard) {
        Map<TopicPartition, Long> beginning = reading.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = reading.endOffsets(partitions);
        long share = Math.max(1, size / partitions.size());
        long[] readFrom = new long[partitions.size()];
        for (TopicPartition partition : partitions) {
            readFrom[partition.partition()] = Math.max(beginning.get(partition), end.get(partition) - share);
            reading.seek(partition, readFrom[partition.partition()]);
        }
        ChangeWindow filling = new ChangeWindow(size, readFrom);
        while (partitions.stream().anyMatch(partition -> reading.position(partition) < end.get(partition))) {
            hold(reading.poll(Duration.ofMillis(200)), filling, heard, record -> null); // from before: no trace to carry on
        }
        return filling;
    }

    /**
     * A change's trace reaches the live stream here: a span, in the trace of the request that made
     * the change (its ce_traceparent), for its arrival at the streams this instance holds open. Its
     * context goes with the change to each stream (a comment line before the event), so the board
     * carries the trace on to the page. Null when the record carries no trace (tracing off).
     */
    private String traceArrival(ConsumerRecord<String, String> record) {
        if (record.headers().lastHeader(CloudEventHeaders.TRACEPARENT) == null) {
            return null;
        }
        Span arrival = tracer.spanBuilder(Topics.CARE_PLANS + " stream").setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceContext.of(record)).setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", Topics.CARE_PLANS)
                .setAttribute("messaging.operation.type", "receive")
                .setAttribute("onetem.stream.open", streams.size()).startSpan();
        arrival.end();
        return TraceContext.traceparent(arrival.getSpanContext());
    }

    /**
     * Takes the records into the window, telling {@code heard} of each and keeping the trace
     * {@code traced} gives it; false when there were none.
     */
    private static boolean hold(ConsumerRecords<String, String> records, ChangeWindow window,
            BiConsumer<String, String> heard, Function<ConsumerRecord<String, String>, String> traced) {
        for (ConsumerRecord<String, String> record : records) {
            String source = InboundEvent.header(record, CloudEventHeaders.SOURCE);
            String id = InboundEvent.header(record, CloudEventHeaders.ID);
            String type = InboundEvent.header(record, CloudEventHeaders.TYPE);
            heard.accept(type, record.value());
            window.add(record.partition(), record.offset(), source == null || id == null ? null : source + " " + id,
                    type, record.value(), traced.apply(record));
        }
        return !records.isEmpty();
    }

    private Map<String, Object> config() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "care-plan-feed",
                // fetch.max.wait.ms stays at Kafka's 500 ms: the broker answers as soon as a record
                // arrives, so a shorter wait only adds fetches while nothing happens.
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
