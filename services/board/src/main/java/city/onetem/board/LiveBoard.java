package city.onetem.board;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
 * of what it missed.
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
        HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(new Relay(sink, sse)))
                .whenComplete((response, failure) -> {
                    open.decrementAndGet();
                    sink.close();
                });
    }

    /** Reads care-plans' stream line by line and tells the page of each change; stops when the page goes. */
    private static final class Relay implements Flow.Subscriber<String> {

        private final SseEventSink sink;
        private final Sse sse;
        private Flow.Subscription subscription;
        private String id;
        private String event;
        private boolean comment;

        Relay(SseEventSink sink, Sse sse) {
            this.sink = sink;
            this.sse = sse;
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
                comment = true;
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
            comment = false;
            sink.send(next.build()).whenComplete((sent, failure) -> {
                if (failure != null) {
                    subscription.cancel();
                }
            });
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
