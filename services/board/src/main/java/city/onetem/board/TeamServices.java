package city.onetem.board;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The four services, asked on behalf of the person signed in: with their own access token, so
 * that each service applies its care relationships, objections and audit to them, as it would to
 * any other client. The board keeps no copy of anyone's record.
 */
@ApplicationScoped
public class TeamServices {

    /** A service did not answer as asked: the page says which, and what it said. */
    public static final class Unanswered extends RuntimeException {
        public final String service;
        public final int status;

        Unanswered(String service, int status, String message) {
            super(message);
            this.service = service;
            this.status = status;
        }

        /** "The care-plans service did not answer (...)", or "... answered 406: <its words>". */
        public String saying() {
            return "The " + service + " service " + (answered() ? "answered " + status + ": " : "") + getMessage();
        }

        private boolean answered() {
            return !getMessage().startsWith("did not answer") && !getMessage().startsWith("was not asked");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    @ConfigProperty(name = "onetem.board.referrals-url")
    String referrals;
    @ConfigProperty(name = "onetem.board.care-plans-url")
    String carePlans;
    @ConfigProperty(name = "onetem.board.discharge-url")
    String discharge;
    @ConfigProperty(name = "onetem.board.virtual-ward-url")
    String virtualWard;

    /** A FHIR search or read on the SPA's referrals service. */
    public CompletableFuture<JsonNode> referrals(String pathAndQuery, String accessToken) {
        return ask("referrals", referrals, pathAndQuery, accessToken);
    }

    /** A FHIR search or read on the care-plans service. */
    public CompletableFuture<JsonNode> carePlans(String pathAndQuery, String accessToken) {
        return ask("care-plans", carePlans, pathAndQuery, accessToken);
    }

    /** A FHIR search or read on the discharge to assess service. */
    public CompletableFuture<JsonNode> discharge(String pathAndQuery, String accessToken) {
        return ask("discharge", discharge, pathAndQuery, accessToken);
    }

    /** A FHIR search or read on the virtual ward service. */
    public CompletableFuture<JsonNode> virtualWard(String pathAndQuery, String accessToken) {
        return ask("virtual ward", virtualWard, pathAndQuery, accessToken);
    }

    /** What a service answered a change: its status and body (the resource, or an OperationOutcome). */
    public record Answer(int status, JsonNode body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The OperationOutcome's words, for the person who made the change. */
        public String problem() {
            return body.path("issue").path(0).path("diagnostics").asText("The service answered " + status);
        }
    }

    /**
     * A change for the signed-in person (POST or PUT of FHIR JSON) at care-plans, referrals or the
     * virtual ward, on the version they saw (sent as If-Match: W/"version"), so that it never
     * overwrites someone else's change; null for an operation that can happen only once anyway
     * (an acknowledgement: 409 the second time).
     */
    public Answer change(String service, String method, String pathAndQuery, String fhirJson, String version,
            String accessToken) {
        String base = switch (service) {
            case "care-plans" -> carePlans;
            case "referrals" -> referrals;
            case "virtual ward" -> virtualWard;
            default -> throw new IllegalArgumentException("The board changes nothing at " + service);
        };
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/fhir+json")
                .header("Content-Type", "application/fhir+json")
                .method(method, HttpRequest.BodyPublishers.ofString(fhirJson));
        if (version != null) {
            builder.header("If-Match", "W/\"" + version.replace("\"", "") + "\"");
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isBlank() ? JSON.createObjectNode()
                    : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new Unanswered(service, 503, "did not answer (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unanswered(service, 503, "was not asked: the board is stopping");
        }
    }

    /** The version a form says its page showed; a form without one is sent as an empty one, which matches none. */
    static String seen(String formVersion) {
        return formVersion == null ? "" : formVersion;
    }

    /** The answer once it comes; a service that did not answer as asked throws {@link Unanswered}, unwrapped. */
    static <T> T await(CompletableFuture<T> asked) {
        try {
            return asked.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Unanswered unanswered) {
                throw unanswered;
            }
            throw e;
        }
    }

    /** One part of a page: when its service did not answer, null, and the page's words for why in problems. */
    static <T> T orProblem(CompletableFuture<T> asked, List<String> problems) {
        try {
            return await(asked);
        } catch (Unanswered unanswered) {
            problems.add(unanswered.saying() + ": what it holds is not shown.");
            return null;
        }
    }

    /** Asks without waiting, so that a page asks all the services it reads at once; fails with {@link Unanswered}. */
    private CompletableFuture<JsonNode> ask(String service, String base, String pathAndQuery, String accessToken) {
        // FHIR JSON, or plain JSON where a service answers that (the SPA's cluster map, the measures).
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/fhir+json, application/json;q=0.9").GET().build();
        // Read as bytes: Jackson's UTF-8 parser reads them once, where a String of the whole body
        // was decoded first and then parsed again (BoardBenchmark: 14.2 to 13.3 ms of the board's CPU a page).
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            if (failure != null) {
                throw new Unanswered(service, 503, "did not answer (" + failure.getMessage() + ")");
            }
            JsonNode body;
            try {
                JsonNode read = response.body().length == 0 ? null : JSON.readTree(response.body());
                body = read == null || read.isMissingNode() ? JSON.createObjectNode() : read;
            } catch (IOException e) {
                throw new Unanswered(service, 502, "answered what is not FHIR JSON (" + e.getMessage() + ")");
            }
            if (response.statusCode() != 200) {
                throw new Unanswered(service, response.statusCode(), body.path("issue").path(0).path("diagnostics")
                        .asText("it gave no reason"));
            }
            return body;
        });
    }
}
