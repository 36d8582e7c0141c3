package city.onetem.board;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * GET /events?team=central: the open board's live updates. A browser's EventSource cannot send
 * an Authorization header, but it sends the session cookie; the board then follows the team's
 * care plan stream at care-plans with the person's own token, so care-plans applies their care
 * relationships, objections and audit. Each change reaches the page as an event named
 * {@code changed} carrying no one's data (the page reads the board again, as the person); the
 * stream's positions pass through as event ids, so a page that reconnects (Last-Event-ID) is told
 * of what it missed. With tracing on, care-plans puts each change's trace context in a comment
 * line before it, and the push to the page is a span in that trace: the last hop of a referral's
 * trace from the referrer's POST to the nurse's screen.
 */
@Path("/events")
public class LiveBoard {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    SignedIn user;
    @ConfigProperty(name = "onetem.board.care-plans-url")
    String carePlans;
    @Inject
    MeterRegistry registry;
    @Inject
    Tracer tracer;

    private final AtomicInteger open = new AtomicInteger();

    void measure(@Observes StartupEvent started) {
        Gauge.builder("onetem.board.streams", open, AtomicInteger::get)
                .description("Open pages following their team's changes").register(registry);
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void follow(@Context SseEventSink sink, @Context Sse sse, @QueryParam("team") String asked,
            @HeaderParam("Last-Event-ID") String lastEventId) {
        if (user.teams().isEmpty()) {
            sink.close();
            return;
        }
        String team = user.team(asked);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(carePlans + "/fhir/CarePlan/_stream?cluster="
                + URLEncoder.encode(team, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + user.accessToken()).header("Accept", "text/event-stream");
        if (lastEventId != null && !lastEventId.isBlank()) {
            request.header("Last-Event-ID", lastEventId);
        }
        open.incrementAndGet();
        HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(new Relay(sink, sse, tracer, team)))
                .whenComplete((response, failure) -> {
                    open.decrementAndGet();
                    sink.close();
                });
    }

    /** Reads care-plans' stream line by line and tells the page of each change; stops when the page goes. */
    private static final class Relay implements Flow.Subscriber<String> {

        /** The comment care-plans puts before a change while tracing is on. */
        private static final String TRACEPARENT = "traceparent ";
        private static final TextMapGetter<String> CARRIER = new TextMapGetter<>() {
            @Override
            public Iterable<String> keys(String traceparent) {
                return List.of("traceparent");
            }

            @Override
            public String get(String traceparent, String key) {
                return "traceparent".equals(key) ? traceparent : null;
            }
        };

        private final SseEventSink sink;
        private final Sse sse;
        private final Tracer tracer;
        private final String team;
        private Flow.Subscription subscription;
        private String id;
        private String event;
        private String traceparent;
        private boolean comment;

        Relay(SseEventSink sink, Sse sse, Tracer tracer, String team) {
            this.sink = sink;
            this.sse = sse;
            this.tracer = tracer;
            this.team = team;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                dispatch();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith(":")) {
                String text = line.substring(1).strip();
                if (text.startsWith(TRACEPARENT)) {
                    traceparent = text.substring(TRACEPARENT.length());
                } else {
                    comment = true;
                }
            }
        }

        /** One upstream event is complete: a change (or a reset: read everything again), or a keep-alive. */
        private void dispatch() {
            if (sink.isClosed()) {
                subscription.cancel();
                return;
            }
            if (id == null && event == null && !comment) {
                return;
            }
            Span push = event != null && traceparent != null ? push() : null;
            var next = sse.newEventBuilder();
            if (id != null) {
                next.id(id);
            }
            if (event != null) {
                next.name("changed").data("changed");
            } else if (comment || id != null) {
                next.comment("live");
            }
            id = null;
            event = null;
            traceparent = null;
            comment = false;
            sink.send(next.build()).whenComplete((sent, failure) -> {
                if (push != null) {
                    push.end();
                }
                if (failure != null) {
                    subscription.cancel();
                }
            });
        }

        /** A span for sending a change to the page, in the trace the change arrived in. */
        private Span push() {
            io.opentelemetry.context.Context arrived = W3CTraceContextPropagator.getInstance()
                    .extract(io.opentelemetry.context.Context.root(), traceparent, CARRIER);
            return tracer.spanBuilder("board push").setSpanKind(SpanKind.PRODUCER).setParent(arrived)
                    .setAttribute("onetem.board.team", team).startSpan();
        }

        @Override
        public void onError(Throwable failure) {
            sink.close();
        }

        @Override
        public void onComplete() {
            sink.close();
        }
    }
}
