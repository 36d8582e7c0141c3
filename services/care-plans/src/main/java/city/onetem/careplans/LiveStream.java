package city.onetem.careplans;

import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.OperationOutcomes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * One client's open stream. It reads the feed's window from its own place and sends what it
 * follows without blocking any thread: at most {@value #MAX_IN_FLIGHT} sends are outstanding,
 * and the next leave as earlier ones complete. Every event carries the stream's position as its
 * id, so a reconnect with Last-Event-ID resumes exactly after it. The stream closes when its
 * client goes, a send fails, or it falls so far behind that the changes it has not sent have
 * left the window (a stalled client then costs nothing but its connection; reconnecting, it is
 * told to re-read), or when the emergency access it was opened under expires.
 */
final class LiveStream {

    private static final String RESET = "reset";
    /** A comment line before a change, while tracing is on: the W3C trace context the change arrived in. */
    static final String TRACEPARENT = "traceparent ";
    private static final Logger LOG = Logger.getLogger(LiveStream.class);
    private static final int MAX_IN_FLIGHT = 16;
    private static final MediaType FHIR_JSON = MediaType.valueOf(FhirMediaType.FHIR_JSON);

    private final SseEventSink sink;
    private final Sse sse;
    private final ChangeWindow window;
    private final Following following;
    /** Changes about a person who refused the caller's organisation: not sent. */
    private final Predicate<CarePlanChange> withheld;
    private final Consumer<LiveStream> onClose;
    /** When the caller's access ends (emergency access expiring); null for never. */
    private final Instant until;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Drain requests; only the caller that raised it from zero drains, the others just ask again. */
    private final AtomicInteger drainRequests = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean keepAliveDue;
    /** Sent before any change: a reset, or a comment giving a fresh client its position at once. */
    private OutboundSseEvent opening;
    /** The next change to read, and what the client has had or will not want: touched only while draining. */
    private long next;
    private StreamPosition position;

    LiveStream(SseEventSink sink, Sse sse, ChangeWindow window, Following following,
            Predicate<CarePlanChange> withheld, ChangeWindow.Start start, Instant until, Consumer<LiveStream> onClose) {
        this.sink = sink;
        this.sse = sse;
        this.window = window;
        this.following = following;
        this.withheld = withheld;
        this.onClose = onClose;
        this.until = until;
        this.next = start.seq();
        this.position = start.from();
        this.opening = start.reset() ? reset(position) : sse.newEventBuilder().id(position.toString())
                .comment("following").build();
        // The portable way to hear that the client went: a broadcaster is told when a sink it holds closes.
        SseBroadcaster closing = sse.newBroadcaster();
        closing.onClose(closedSink -> close());
        closing.register(sink);
    }

    /** Sends whatever is due and the window allows. Safe from any thread; never blocks. */
    void drain() {
        if (drainRequests.getAndIncrement() != 0) {
            return;
        }
        int requests = 1;
        do {
            sendDue();
            requests = drainRequests.addAndGet(-requests);
        } while (requests != 0);
    }

    /** A comment with the stream's position, so proxies keep a quiet stream open. */
    void keepAlive() {
        if (sink.isClosed()) {
            close();
            return;
        }
        keepAliveDue = true;
        drain();
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
            sink.close();
        }
    }

    private void sendDue() {
        if (closed.get()) {
            return;
        }
        if (sink.isClosed()) {
            close();
            return;
        }
        if (until != null && !Instant.now().isBefore(until)) {
            close(); // nothing after the access ends; the keep-alive closes a quiet stream within 15 s of it
            return;
        }
        if (next < window.oldest()) {
            LOG.infof("Closed a care plan stream that fell a whole window behind (change %d is no longer held)", next);
            close();
            return;
        }
        if (opening != null) {
            send(opening);
            opening = null;
        }
        while (!closed.get() && inFlight.get() < MAX_IN_FLIGHT) {
            CarePlanChange change = window.at(next);
            if (change == null) {
                break;
            }
            next++;
            boolean had = position.passed(change.partition(), change.offset());
            position = position.furthest(change.positionAfter());
            if (!had && following.includes(change) && !withheld.test(change)) {
                var event = sse.newEventBuilder().id(position.toString()).name(change.type()).mediaType(FHIR_JSON)
                        .data(change.json());
                if (change.traceparent() != null) {
                    // Clients ignore comments; the board continues the change's trace from it.
                    event.comment(TRACEPARENT + change.traceparent());
                }
                send(event.build());
            }
        }
        if (keepAliveDue && inFlight.get() == 0 && !closed.get()) {
            keepAliveDue = false;
            send(sse.newEventBuilder().id(position.toString()).comment("still here").build());
        }
    }

    private void send(OutboundSseEvent event) {
        inFlight.incrementAndGet();
        try {
            sink.send(event).whenComplete((sent, failure) -> {
                inFlight.decrementAndGet();
                if (failure != null) {
                    LOG.debugf("Care plan stream ended: %s", failure.toString());
                    close();
                } else {
                    drain();
                }
            });
        } catch (IllegalStateException alreadyClosed) {
            inFlight.decrementAndGet();
            close();
        }
    }

    /** The first event for a client whose Last-Event-ID this server cannot resume from. */
    private OutboundSseEvent reset(StreamPosition now) {
        return sse.newEventBuilder().id(now.toString()).name(RESET).mediaType(FHIR_JSON)
                .data(Fhir.toJson(OperationOutcomes.information("The changes since your Last-Event-ID are no longer "
                        + "held here (older than the most recent changes kept, or not an id this server sent). Read the "
                        + "plans you follow again with a search (GET /fhir/CarePlan?cluster=... or "
                        + "?patient.identifier=...); this stream goes on from now, so nothing after that read is missed")))
                .build();
    }
}
