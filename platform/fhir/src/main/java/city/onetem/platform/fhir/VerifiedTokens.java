package city.onetem.platform.fhir;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each bearer token's signature once rather than on every request. A client (a 111
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

    @Override
    public JsonWebToken parse(String bearer) throws ParseException {
        long now = System.currentTimeMillis();
        Verified known = verified.get(bearer);
        if (known != null && now < known.usableUntil()) {
            return known.token();
        }
        JsonWebToken token = super.parse(bearer);
        long usableUntil = Math.min(now + MAX_REUSE_MILLIS, token.getExpirationTime() * 1000);
        if (bearer.length() <= MAX_TOKEN_LENGTH && roomFor(now)) {
            verified.put(bearer, new Verified(token, usableUntil));
        }
        return token;
    }

    private boolean roomFor(long now) {
        if (verified.size() < MAX_TOKENS) {
            return true;
        }
        verified.values().removeIf(entry -> entry.usableUntil() <= now);
        return verified.size() < MAX_TOKENS;
    }
}
