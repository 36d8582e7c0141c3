package city.onetem.platform.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local stack's OpenID Connect provider, never for production: the authorization code flow
 * as CIS2 or a council's identity provider runs it, with a sign-in page that lists the demo users
 * instead of asking for a smartcard or a password. Its tokens are the development issuer's
 * ({@link DevKeys}): the ID token for the signing-in application (audience: its client id), the
 * access token for the services (audience {@link DevKeys#AUDIENCE}, with the roles, organisation
 * and teams they read).
 */
public final class DevIdentityProvider implements AutoCloseable {

    /** Someone the sign-in page offers. */
    public record DemoUser(String subject, String name, String organisation, String role, List<String> teams,
            String description) {
    }

    /** A registered application: the board, say. */
    public record Client(String id, String secret, String redirectPrefix) {
    }

    private record Grant(DemoUser user, String clientId, String redirectUri, String nonce, String challenge,
            Instant expires) {
    }

    private static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    /** A shift: a nurse signs in at its start and is not asked again before its end. */
    private static final Duration SESSION = Duration.ofHours(12);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DevKeys keys;
    private final List<DemoUser> users;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final HttpServer server;

    private DevIdentityProvider(DevKeys keys, List<DemoUser> users, int port) throws IOException {
        this.keys = keys;
        this.users = List.copyOf(users);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/.well-known/openid-configuration", exchange -> answer(exchange, this::discovery));
        server.createContext("/jwks", exchange -> answer(exchange, e -> json(e, 200, keys.jwks())));
        server.createContext("/authorize", exchange -> answer(exchange, this::authorize));
        server.createContext("/token", exchange -> answer(exchange, this::token));
        server.createContext("/logout", exchange -> answer(exchange, this::logout));
        server.start();
    }

    /** Starts the provider on this port (0: any free one) of the loopback interface. */
    public static DevIdentityProvider start(DevKeys keys, List<DemoUser> users, int port) {
        try {
            return new DevIdentityProvider(keys, users, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the development sign-in on port " + port, e);
        }
    }

    /** Registers an application that may send people here to sign in, and back to its own addresses only. */
    public DevIdentityProvider register(Client client) {
        clients.put(client.id(), client);
        return this;
    }

    /** Where applications find it: quarkus.oidc.auth-server-url. */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    public List<DemoUser> users() {
        return users;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static void answer(HttpExchange exchange, Handler handler) {
        try (exchange) {
            handler.handle(exchange);
        } catch (IOException | RuntimeException e) {
            try {
                text(exchange, 500, "The development sign-in failed: " + e);
            } catch (IOException ignored) {
                // the connection is gone
            }
        }
    }

    private void discovery(HttpExchange exchange) throws IOException {
        ObjectNode document = JSON.createObjectNode()
                .put("issuer", keys.issuer())
                .put("authorization_endpoint", url() + "/authorize")
                .put("token_endpoint", url() + "/token")
                .put("jwks_uri", url() + "/jwks")
                .put("end_session_endpoint", url() + "/logout");
        document.putArray("response_types_supported").add("code");
        document.putArray("subject_types_supported").add("public");
        document.putArray("id_token_signing_alg_values_supported").add("RS256");
        document.putArray("grant_types_supported").add("authorization_code");
        document.putArray("code_challenge_methods_supported").add("S256");
        document.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic").add("client_secret_post");
        json(exchange, 200, document.toString());
    }

    /** GET: the page listing the demo users; POST: the one chosen, back to the application with a code. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> request = "POST".equals(exchange.getRequestMethod()) ? form(exchange)
                : query(exchange.getRequestURI());
        Client client = clients.get(request.getOrDefault("client_id", ""));
        String redirect = request.getOrDefault("redirect_uri", "");
        if (client == null || !redirect.startsWith(client.redirectPrefix())) {
            text(exchange, 400, "Unknown application or redirect_uri: register the client and its address first");
            return;
        }
        if (!"code".equals(request.get("response_type"))) {
            text(exchange, 400, "Only the authorization code flow is offered (response_type=code)");
            return;
        }
        if ("GET".equals(exchange.getRequestMethod())) {
            html(exchange, signInPage(request));
            return;
        }
        DemoUser user = users.stream().filter(u -> u.subject().equals(request.get("user"))).findFirst().orElse(null);
        if (user == null) {
            text(exchange, 400, "Choose one of the demo users");
            return;
        }
        String code = random();
        codes.put(code, new Grant(user, client.id(), redirect, request.get("nonce"), request.get("code_challenge"),
                Instant.now().plus(CODE_LIFETIME)));
        String state = request.get("state");
        exchange.getResponseHeaders().add("Location", redirect + (redirect.contains("?") ? "&" : "?") + "code="
                + encode(code) + (state == null ? "" : "&state=" + encode(state)));
        exchange.sendResponseHeaders(302, -1);
    }

    /** The code for tokens, once, by the application it was given to, from the address it was sent to. */
    private void token(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            oauthError(exchange, 405, "invalid_request", "POST the token request");
            return;
        }
        Map<String, String> request = form(exchange);
        Map<String, String> credentials = clientCredentials(exchange, request);
        Client client = clients.get(credentials.getOrDefault("id", ""));
        if (client == null || !client.secret().equals(credentials.get("secret"))) {
            oauthError(exchange, 401, "invalid_client", "Unknown client or wrong secret");
            return;
        }
        if (!"authorization_code".equals(request.get("grant_type"))) {
            oauthError(exchange, 400, "unsupported_grant_type", "Only authorization_code is offered");
            return;
        }
        Grant grant = codes.remove(request.getOrDefault("code", ""));
        if (grant == null || grant.expires().isBefore(Instant.now()) || !grant.clientId().equals(client.id())
                || !grant.redirectUri().equals(request.get("redirect_uri"))) {
            oauthError(exchange, 400, "invalid_grant", "The code is unknown, used, expired or was given to another"
                    + " application or address");
            return;
        }
        if (grant.challenge() != null && !grant.challenge().equals(s256(request.getOrDefault("code_verifier", "")))) {
            oauthError(exchange, 400, "invalid_grant", "code_verifier does not match the code_challenge");
            return;
        }
        DemoUser user = grant.user();
        // The ID token says who signed in, with the same roles, organisation and teams as the access
        // token the application sends on to the services.
        var id = keys.claims(user.subject(), SESSION).audience(client.id()).claim("name", user.name())
                .preferredUserName(user.subject()).groups(user.role()).claim("org", user.organisation());
        if (!user.teams().isEmpty()) {
            id.claim("teams", user.teams());
        }
        if (grant.nonce() != null) {
            id.claim("nonce", grant.nonce());
        }
        String access = keys.token(user.subject(), user.organisation(), SESSION, user.teams(), user.role());
        ObjectNode answer = JSON.createObjectNode().put("access_token", access).put("token_type", "Bearer")
                .put("expires_in", SESSION.toSeconds()).put("id_token", keys.sign(id)).put("scope", "openid");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        json(exchange, 200, answer.toString());
    }

    /** Signing out here keeps nothing to forget: back to where the application asks. */
    private void logout(HttpExchange exchange) throws IOException {
        String back = query(exchange.getRequestURI()).get("post_logout_redirect_uri");
        boolean known = back != null && clients.values().stream().anyMatch(c -> back.startsWith(c.redirectPrefix()));
        if (!known) {
            html(exchange, page("Signed out", "<p class=\"nhsuk-body\">You are signed out.</p>"));
            return;
        }
        exchange.getResponseHeaders().add("Location", back);
        exchange.sendResponseHeaders(302, -1);
    }

    private String signInPage(Map<String, String> request) {
        StringBuilder body = new StringBuilder("""
                <p>This is the local stack's development sign-in: choose who you are. A deployment signs
                people in with NHS Care Identity Service 2 or their council's identity provider instead.</p>
                <form method="post" action="/authorize">
                <fieldset><legend>Sign in as</legend>
                """);
        for (String field : List.of("client_id", "redirect_uri", "response_type", "state", "nonce", "code_challenge",
                "code_challenge_method", "scope")) {
            if (request.get(field) != null) {
                body.append("<input type=\"hidden\" name=\"").append(field).append("\" value=\"")
                        .append(escape(request.get(field))).append("\">\n");
            }
        }
        for (DemoUser user : users) {
            body.append("<p><button type=\"submit\" name=\"user\" value=\"").append(escape(user.subject()))
                    .append("\">").append(escape(user.name())).append("</button> ")
                    .append(escape(user.description())).append("</p>\n");
        }
        return page("Sign in", body.append("</fieldset></form>").toString());
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title
                + " - One Team (development)</title></head><body><main><h1>" + title + "</h1>" + body
                + "</main></body></html>";
    }

    private static Map<String, String> clientCredentials(HttpExchange exchange, Map<String, String> request) {
        Map<String, String> credentials = new LinkedHashMap<>();
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon > 0) {
                credentials.put("id", URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8));
                credentials.put("secret", URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8));
            }
        } else {
            credentials.put("id", request.get("client_id"));
            credentials.put("secret", request.get("client_secret"));
        }
        return credentials;
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        return pairs(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Map<String, String> query(URI uri) {
        return pairs(uri.getRawQuery());
    }

    private static Map<String, String> pairs(String encoded) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return pairs;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            pairs.putIfAbsent(name, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1),
                    StandardCharsets.UTF_8));
        }
        return pairs;
    }

    private static void oauthError(HttpExchange exchange, int status, String error, String description)
            throws IOException {
        json(exchange, status, JSON.createObjectNode().put("error", error).put("error_description", description)
                .toString());
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    private static void html(HttpExchange exchange, String body) throws IOException {
        send(exchange, 200, "text/html; charset=utf-8", body);
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", body);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
