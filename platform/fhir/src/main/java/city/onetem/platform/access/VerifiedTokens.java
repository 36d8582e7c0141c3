package city.onetem.platform.access;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwt.JwtClaims;

/**
 * Verifies a bearer token with the configured issuer it names ({@link TokenIssuers}): a token
 * from an issuer not configured, or not verified by that issuer's keys, is refused.
 *
 * <p>Verifies each bearer token's signature once rather than on every request. A client (a 111
 * system, a nurse's app) sends the same token for its whole lifetime, and an RS256 check is the
 * largest single cost of a request: a quarter of the SPA's CPU under load. A token is reused
 * only as the exact string that was verified, never past its expiry, and for at most a minute,
 * so it is checked again against the issuer's key at least that often. The cache is bounded:
 * when full of live tokens, new ones are verified every time rather than stored.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens extends DefaultJWTParser {

    static final int MAX_TOKENS = 10_000;
    static final int MAX_TOKEN_LENGTH = 8_192;
    static final long MAX_REUSE_MILLIS = 60_000;

    private record Verified(JsonWebToken token, long usableUntil) {
    }

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    /** By the iss value each verifies. */
    private final Map<String, IssuerVerifier> issuers;

    @Inject
    public VerifiedTokens(TokenIssuers config) {
        if (config.issuers().isEmpty()) {
            throw new IllegalStateException("No token issuer is configured, so no request could be authenticated:"
                    + " set onetem.security.issuers.<name>.issuer, .keys, .audience and .roles (docs/security.md)");
        }
        config.issuers().forEach((name, issuer) -> {
            if (DevelopmentOnly.ISSUER.equals(issuer.issuer()) || issuer.keys().endsWith(DevelopmentOnly.KEY_FILE_NAME)) {
                DevelopmentOnly.refuse("Token issuer '" + name + "' (" + issuer.issuer() + ", keys " + issuer.keys()
                        + ") is the development issuer or its key", "Configure the real issuers instead (docs/security.md).");
            }
        });
        issuers = config.issuers().entrySet().stream().collect(Collectors.toUnmodifiableMap(
                issuer -> issuer.getValue().issuer(),
                issuer -> new IssuerVerifier(issuer.getKey(), issuer.getValue(), config.clockSkewSeconds())));
    }

    @Override
    public JsonWebToken parse(String bearer) throws ParseException {
        long now = System.currentTimeMillis();
        Verified known = verified.get(bearer);
        if (known != null && now < known.usableUntil()) {
            return known.token();
        }
        JsonWebToken token = issuerOf(bearer).verify(bearer);
        long usableUntil = Math.min(now + MAX_REUSE_MILLIS, token.getExpirationTime() * 1000);
        if (bearer.length() <= MAX_TOKEN_LENGTH && roomFor(now)) {
            verified.put(bearer, new Verified(token, usableUntil));
        }
        return token;
    }

    /** Created at startup, so that a service with a wrong issuer configuration does not start at all. */
    void checkAtStartup(@Observes StartupEvent start) {
    }

    /** The verifier for the issuer the token names; its signature is checked by that verifier. */
    private IssuerVerifier issuerOf(String bearer) throws ParseException {
        String[] parts = bearer.split("\\.");
        if (parts.length != 3) {
            throw new TokenRefusal.Explained("A bearer token must be a signed JWT (header.payload.signature)");
        }
        String iss;
        try {
            iss = JwtClaims.parse(new String(Base64Url.decode(parts[1]), StandardCharsets.UTF_8)).getIssuer();
        } catch (Exception e) {
            throw new TokenRefusal.Explained("The bearer token's claims are not readable JSON");
        }
        IssuerVerifier issuer = iss == null ? null : issuers.get(iss);
        if (issuer == null) {
            throw new TokenRefusal.Explained("Tokens from issuer '" + iss + "' are not accepted here");
        }
        return issuer;
    }

    private boolean roomFor(long now) {
        if (verified.size() < MAX_TOKENS) {
            return true;
        }
        verified.values().removeIf(entry -> entry.usableUntil() <= now);
        return verified.size() < MAX_TOKENS;
    }
}
