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

    /** A FHIR search or read on the SPA's referrals service. */
    public JsonNode referrals(String pathAndQuery, String accessToken) {
        return get("referrals", referrals, pathAndQuery, accessToken);
    }

    /** A FHIR search or read on the care-plans service. */
    public JsonNode carePlans(String pathAndQuery, String accessToken) {
        return get("care-plans", carePlans, pathAndQuery, accessToken);
    }

    private JsonNode get(String service, String base, String pathAndQuery, String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/fhir+json").GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new Unanswered(service, response.statusCode(), body.path("issue").path(0).path("diagnostics")
                        .asText("answered " + response.statusCode()));
            }
            return body;
        } catch (IOException e) {
            throw new Unanswered(service, 503, "did not answer (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unanswered(service, 503, "was not asked: the page is closing");
        }
    }
}
