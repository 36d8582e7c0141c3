package city.onetem.platform.access;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

/**
 * What Quarkus's bearer token mechanism reads for itself (the Authorization header, the Bearer
 * scheme), in place of its mp.jwt.* settings: the keys, issuers and audiences are each
 * configured issuer's own ({@link TokenIssuers}, {@link VerifiedTokens}).
 */
public class BearerTokenSettings {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTAuthContextInfo bearerTokens() {
        return new JWTAuthContextInfo();
    }
}
