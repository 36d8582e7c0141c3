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
import java.util.concurrent.CompletableFuture;
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

    /** What care-plans answered a change: its status and body (the resource, or an OperationOutcome). */
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
     * A change at care-plans for the signed-in person (POST or PUT of FHIR JSON) on the version
     * they saw (If-Match), so that it never overwrites someone else's change.
     */
    public Answer changeCarePlans(String method, String pathAndQuery, String fhirJson, String ifMatch,
            String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(carePlans + pathAndQuery)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/fhir+json")
                .header("Content-Type", "application/fhir+json").header("If-Match", ifMatch)
                .method(method, HttpRequest.BodyPublishers.ofString(fhirJson)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isBlank() ? JSON.createObjectNode()
                    : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new Unanswered("care-plans", 503, "did not answer (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unanswered("care-plans", 503, "was not asked: the board is stopping");
        }
    }

    /** Asks without waiting, so that a page asks all the services it reads at once; fails with {@link Unanswered}. */
    private CompletableFuture<JsonNode> ask(String service, String base, String pathAndQuery, String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/fhir+json").GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            if (failure != null) {
                throw new Unanswered(service, 503, "did not answer (" + failure.getMessage() + ")");
            }
            JsonNode body;
            try {
                body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                throw new Unanswered(service, 502, "answered what is not FHIR JSON (" + e.getMessage() + ")");
            }
            if (response.statusCode() != 200) {
                throw new Unanswered(service, response.statusCode(), body.path("issue").path(0).path("diagnostics")
                        .asText("answered " + response.statusCode()));
            }
            return body;
        });
    }
}
