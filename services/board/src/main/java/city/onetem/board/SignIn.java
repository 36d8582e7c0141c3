package city.onetem.board;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;

/**
 * Signing in with OpenID Connect's authorization code flow and PKCE: to the identity provider
 * with a fresh state, nonce and code challenge (kept sealed in a short-lived cookie), back with a
 * code exchanged for verified tokens, then a sealed session cookie: HttpOnly, Secure, SameSite=Lax.
 */
@Path("/")
public class SignIn {

    /** A sign-in under way: what the provider's answer must match, and the page to return to. */
    record Flow(String state, String nonce, String verifier, String then, long expires) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance failed(String reason);

        static native TemplateInstance signedOut();
    }

    static final String FLOW_COOKIE = "onetem_sign_in";
    private static final Duration FLOW_LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    IdentityProvider provider;
    @Inject
    SealedCookies cookies;
    @ConfigProperty(name = "onetem.board.public-url")
    String publicUrl;
    @ConfigProperty(name = "onetem.board.session-hours")
    int sessionHours;

    @GET
    @Path("sign-in")
    public Response signIn(@QueryParam("then") String then) {
        Flow flow = new Flow(random(), random(), random() + random(), local(then),
                Instant.now().plus(FLOW_LIFETIME).getEpochSecond());
        try {
            return Response.seeOther(URI.create(provider.authorize(callback(), flow.state(), flow.nonce(),
                    challenge(flow.verifier()))))
                    .header("Set-Cookie", cookie(FLOW_COOKIE, cookies.seal(FLOW_COOKIE, JSON.writeValueAsString(flow)),
                            FLOW_LIFETIME.toSeconds()))
                    .header("Cache-Control", "no-store").build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IdentityProvider.SignInFailed e) {
            return failed(e.getMessage());
        }
    }

    @GET
    @Path("signed-in")
    public Response signedIn(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error, @QueryParam("error_description") String description,
            @CookieParam(FLOW_COOKIE) String sealedFlow) {
        Flow flow = cookies.open(FLOW_COOKIE, sealedFlow).map(SignIn::flow).orElse(null);
        if (error != null) {
            return failed("The identity provider did not sign you in (" + error + (description == null ? ""
                    : ": " + description) + ")");
        }
        if (flow == null || flow.expires() < Instant.now().getEpochSecond() || state == null
                || !state.equals(flow.state()) || code == null) {
            return failed("This sign-in is not the one this browser started, or it took longer than ten minutes");
        }
        try {
            IdentityProvider.Tokens tokens = provider.exchange(code, flow.verifier(), callback(), flow.nonce());
            Session session = session(tokens);
            long seconds = session.expires() - Instant.now().getEpochSecond();
            return Response.seeOther(URI.create(flow.then()))
                    .header("Set-Cookie", cookie(Session.COOKIE, cookies.seal(Session.COOKIE, session.toJson()), seconds))
                    .header("Set-Cookie", cookie(FLOW_COOKIE, "", 0))
                    .header("Cache-Control", "no-store").build();
        } catch (IdentityProvider.SignInFailed e) {
            return failed(e.getMessage());
        }
    }

    @GET
    @Path("sign-out")
    public Response signOut() {
        String end = provider.endSession(publicUrl + "/signed-out");
        return Response.seeOther(URI.create(end != null ? end : "/signed-out"))
                .header("Set-Cookie", cookie(Session.COOKIE, "", 0)).build();
    }

    @GET
    @Path("signed-out")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance signedOut() {
        return Templates.signedOut();
    }

    private Session session(IdentityProvider.Tokens tokens) {
        JwtClaims id = tokens.idToken();
        long shift = Instant.now().plus(Duration.ofHours(sessionHours)).getEpochSecond();
        try {
            String name = id.getClaimValueAsString("name");
            return new Session(id.getSubject(), name != null ? name : id.getSubject(),
                    id.getClaimValueAsString("org"), strings(id.getClaimValue("groups")),
                    strings(id.getClaimValue("teams")), tokens.accessToken(), Math.min(shift, tokens.expires()),
                    formKey());
        } catch (org.jose4j.jwt.MalformedClaimException e) {
            throw new IdentityProvider.SignInFailed("The ID token names no one", e);
        }
    }

    private static String formKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    private static List<String> strings(Object claim) {
        List<String> values = new ArrayList<>();
        if (claim instanceof Collection<?> many) {
            many.forEach(v -> values.add(v.toString()));
        } else if (claim != null) {
            values.add(claim.toString());
        }
        return values;
    }

    private Response failed(String reason) {
        return Response.status(401).type(MediaType.TEXT_HTML_TYPE).entity(Templates.failed(reason).render())
                .header("Set-Cookie", cookie(FLOW_COOKIE, "", 0)).build();
    }

    private String callback() {
        return publicUrl + "/signed-in";
    }

    /** Only a page of this board: never a redirect elsewhere ("//evil.example" is another site). */
    private static String local(String then) {
        return then != null && then.startsWith("/") && !then.startsWith("//") && !then.startsWith("/\\") ? then : "/";
    }

    private static Flow flow(String json) {
        try {
            return JSON.readValue(json, Flow.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String cookie(String name, String value, long maxAgeSeconds) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; Secure; SameSite=Lax";
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
