package city.onetem.board;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * The identity provider, as OpenID Connect Discovery describes it: where to send people to sign
 * in, where to exchange the code, and the keys its ID tokens are signed with.
 */
@ApplicationScoped
public class IdentityProvider {

    /** Signing in did not complete: the page says why, in words for the person. */
    public static final class SignInFailed extends RuntimeException {
        SignInFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    @ConfigProperty(name = "onetem.board.sign-in-url")
    String url;
    @ConfigProperty(name = "onetem.board.client-id")
    String clientId;
    @ConfigProperty(name = "onetem.board.client-secret")
    String clientSecret;

    private volatile JsonNode discovery;
    private volatile HttpsJwksVerificationKeyResolver keys;

    /** Where to send the browser: the provider's sign-in for this board, this state, nonce and PKCE challenge. */
    public String authorize(String redirectUri, String state, String nonce, String challenge) {
        return endpoint("authorization_endpoint") + "?response_type=code&scope=openid"
                + "&client_id=" + encode(clientId) + "&redirect_uri=" + encode(redirectUri) + "&state=" + encode(state)
                + "&nonce=" + encode(nonce) + "&code_challenge=" + encode(challenge) + "&code_challenge_method=S256";
    }

    /** The code for an ID token (verified: signature, issuer, audience, expiry, nonce) and an access token. */
    public Tokens exchange(String code, String verifier, String redirectUri, String nonce) {
        String form = "grant_type=authorization_code&code=" + encode(code) + "&redirect_uri=" + encode(redirectUri)
                + "&code_verifier=" + encode(verifier);
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint("token_endpoint"))).timeout(TIMEOUT)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((encode(clientId) + ":"
                        + encode(clientSecret)).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        JsonNode answer = send(request, "exchange the sign-in code");
        String idToken = answer.path("id_token").asText(null);
        String accessToken = answer.path("access_token").asText(null);
        if (idToken == null || accessToken == null) {
            throw new SignInFailed("The identity provider gave no ID or access token", null);
        }
        try {
            JwtClaims claims = new JwtConsumerBuilder().setVerificationKeyResolver(keys())
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256", "ES256", "PS256")
                    .setExpectedIssuer(discovery().path("issuer").asText()).setExpectedAudience(clientId)
                    .setRequireExpirationTime().setRequireSubject().setAllowedClockSkewInSeconds(30).build()
                    .processToClaims(idToken);
            if (!nonce.equals(claims.getClaimValueAsString("nonce"))) {
                throw new SignInFailed("The ID token does not answer this sign-in (nonce)", null);
            }
            return new Tokens(claims, accessToken);
        } catch (InvalidJwtException e) {
            throw new SignInFailed("The identity provider's ID token was not valid: " + e.getMessage(), e);
        }
    }

    /** Where to send the browser to end the session at the provider too, or null when it has no such endpoint. */
    public String endSession(String backTo) {
        String end = discovery().path("end_session_endpoint").asText(null);
        return end == null ? null : end + "?client_id=" + encode(clientId) + "&post_logout_redirect_uri="
                + encode(backTo);
    }

    /** A verified ID token's claims and the access token that came with it. */
    public record Tokens(JwtClaims idToken, String accessToken) {

        long expires() {
            try {
                return idToken.getExpirationTime().getValue();
            } catch (MalformedClaimException e) {
                throw new SignInFailed("The ID token's expiry is unreadable", e);
            }
        }
    }

    private String endpoint(String name) {
        String endpoint = discovery().path(name).asText(null);
        if (endpoint == null) {
            throw new SignInFailed("The identity provider at " + url + " publishes no " + name, null);
        }
        return endpoint;
    }

    private JsonNode discovery() {
        if (discovery == null) {
            discovery = send(HttpRequest.newBuilder(URI.create(url + "/.well-known/openid-configuration"))
                    .timeout(TIMEOUT).GET().build(), "read its configuration");
        }
        return discovery;
    }

    private HttpsJwksVerificationKeyResolver keys() {
        if (keys == null) {
            keys = new HttpsJwksVerificationKeyResolver(new HttpsJwks(endpoint("jwks_uri")));
        }
        return keys;
    }

    private JsonNode send(HttpRequest request, String what) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new SignInFailed("The identity provider would not " + what + " (" + response.statusCode() + ")",
                        null);
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SignInFailed("The identity provider at " + url + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInFailed("Signing in was interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
