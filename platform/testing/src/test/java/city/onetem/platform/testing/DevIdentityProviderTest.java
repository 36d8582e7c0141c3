package city.onetem.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.util.KeyUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The development sign-in runs the authorization code flow as an identity provider must: a code
 * once, for the application it was given to, from the address it was sent to, with the verifier
 * of its PKCE challenge; an ID token for the application and an access token for the services.
 */
class DevIdentityProviderTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BACK = "http://localhost:9999/";
    private static final String VERIFIER = "a-verifier-of-forty-three-characters-or-more-0123";

    @TempDir
    Path folder;
    private DevKeys keys;
    private DevIdentityProvider provider;

    @BeforeEach
    void start() {
        keys = DevKeys.in(folder);
        provider = DevIdentityProvider.start(keys, List.of(new DevIdentityProvider.DemoUser("nurse.jones", "Nurse Jones",
                "R1C", "community-nurse", List.of("central"), "community nurse, central cluster team")), 0)
                .register(new DevIdentityProvider.Client("board", "board-secret", BACK));
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    @Test
    void aChosenUserGetsAnIdTokenForTheApplicationAndAnAccessTokenForTheServices() throws Exception {
        JsonNode discovery = JSON.readTree(get(provider.url() + "/.well-known/openid-configuration").body());
        assertEquals(DevKeys.ISSUER, discovery.path("issuer").asText());
        assertEquals(provider.url() + "/token", discovery.path("token_endpoint").asText());

        String code = code("nurse.jones", BACK + "callback");
        HttpResponse<String> tokens = token(code, BACK + "callback", "board-secret", VERIFIER);
        assertEquals(200, tokens.statusCode(), tokens.body());
        JsonNode answer = JSON.readTree(tokens.body());

        JwtClaims id = verify(answer.path("id_token").asText(), "board");
        assertEquals("nurse.jones", id.getSubject());
        assertEquals("Nurse Jones", id.getClaimValueAsString("name"));
        assertEquals("the nonce", id.getClaimValueAsString("nonce"));
        assertEquals(List.of("central"), id.getStringListClaimValue("teams"));
        JwtClaims access = verify(answer.path("access_token").asText(), DevKeys.AUDIENCE);
        assertEquals(List.of("community-nurse"), access.getStringListClaimValue("groups"));
        assertEquals("R1C", access.getClaimValueAsString("org"));

        assertEquals(400, token(code, BACK + "callback", "board-secret", VERIFIER).statusCode(), "a code is used once");
    }

    @Test
    void aCodeIsRefusedToAnotherSecretAddressOrVerifier() throws Exception {
        assertEquals(401, token(code("nurse.jones", BACK), BACK, "wrong", VERIFIER).statusCode());
        assertEquals(400, token(code("nurse.jones", BACK), BACK + "elsewhere", "board-secret", VERIFIER).statusCode());
        HttpResponse<String> mismatch = token(code("nurse.jones", BACK), BACK, "board-secret", VERIFIER + "x");
        assertEquals(400, mismatch.statusCode());
        assertTrue(mismatch.body().contains("code_verifier"), mismatch.body());
        assertEquals(400, get(provider.url() + "/authorize?response_type=code&client_id=board&redirect_uri="
                + "http%3A%2F%2Fevil.example%2F").statusCode(), "never back to an address the application did not register");
    }

    private String code(String user, String redirect) throws Exception {
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
        String request = "response_type=code&client_id=board&state=s1&nonce=the+nonce&code_challenge_method=S256"
                + "&code_challenge=" + challenge + "&redirect_uri=" + java.net.URLEncoder.encode(redirect,
                        StandardCharsets.UTF_8);
        assertTrue(get(provider.url() + "/authorize?" + request).body().contains("Nurse Jones"), "the page lists her");
        HttpResponse<String> chosen = HTTP.send(HttpRequest.newBuilder(URI.create(provider.url() + "/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(request + "&user=" + user)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, chosen.statusCode(), chosen.body());
        URI back = URI.create(chosen.headers().firstValue("Location").orElseThrow());
        assertTrue(back.toString().startsWith(redirect + "?code="), back.toString());
        assertTrue(back.getQuery().endsWith("&state=s1"), back.getQuery());
        return back.getQuery().substring("code=".length(), back.getQuery().indexOf('&'));
    }

    private HttpResponse<String> token(String code, String redirect, String secret, String verifier) throws Exception {
        String form = "grant_type=authorization_code&code=" + code + "&code_verifier=" + verifier + "&redirect_uri="
                + java.net.URLEncoder.encode(redirect, StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(provider.url() + "/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("board:" + secret)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JwtClaims verify(String token, String audience) throws Exception {
        return new JwtConsumerBuilder()
                .setVerificationKey(KeyUtils.decodePublicKey(Files.readString(keys.publicKeyFile())))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256")
                .setExpectedIssuer(DevKeys.ISSUER).setExpectedAudience(audience).setRequireExpirationTime()
                .build().processToClaims(token);
    }
}
