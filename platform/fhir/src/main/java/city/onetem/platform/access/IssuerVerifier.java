package city.onetem.platform.access;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * Verifies the tokens of one issuer (signature against its keys, issuer, audience, expiry) and
 * turns its claims into the roles and organisation used here: the verified token's groups are
 * the mapped roles, never the issuer's own values.
 */
final class IssuerVerifier {

    private final String name;
    private final TokenIssuers.Issuer issuer;
    private final JWTAuthContextInfo context;
    /** One parser per issuer: a parser keeps the key resolver of the first issuer it saw. */
    private final DefaultJWTTokenParser parser = new DefaultJWTTokenParser();

    IssuerVerifier(String name, TokenIssuers.Issuer issuer, int clockSkewSeconds) {
        this.name = name;
        this.issuer = issuer;
        context = new JWTAuthContextInfo(issuer.keys(), issuer.issuer());
        context.setExpectedAudience(issuer.audience());
        context.setExpGracePeriodSecs(clockSkewSeconds);
        // The groups claim is replaced by the mapped roles below; the path must not move it first.
        context.setGroupsPath(null);
    }

    String name() {
        return name;
    }

    JsonWebToken verify(String bearer) throws ParseException {
        JwtContext verified = parser.parse(bearer, context);
        JwtClaims claims = verified.getJwtClaims();
        claims.setStringListClaim(Claims.groups.name(), new ArrayList<>(rolesOf(claims)));
        Object organisation = first(ClaimPaths.values(claims.getClaimsMap(), issuer.organisationClaim()));
        if (organisation != null) {
            claims.setClaim(Caller.ORGANISATION_CLAIM, organisation.toString());
        }
        claims.setStringListClaim(Caller.TEAMS_CLAIM, new ArrayList<>(teamsOf(claims)));
        claims.setClaim(Caller.ISSUER_NAME_CLAIM, name);
        String type = verified.getJoseObjects().get(0).getHeader("typ");
        return new DefaultJWTCallerPrincipal(bearer, type, claims);
    }

    Set<String> rolesOf(JwtClaims claims) {
        Set<String> roles = new LinkedHashSet<>();
        for (Object value : ClaimPaths.values(claims.getClaimsMap(), issuer.rolesClaim())) {
            roles.addAll(rolesFor(value.toString()));
        }
        if (roles.stream().anyMatch(Roles.CLUSTER_TEAM::contains)) {
            roles.add(Roles.CARE_TEAM);
        }
        return roles;
    }

    Set<String> teamsOf(JwtClaims claims) {
        Set<String> teams = new LinkedHashSet<>();
        for (Object value : ClaimPaths.values(claims.getClaimsMap(), issuer.teamsClaim())) {
            String team = issuer.teams().isEmpty() ? value.toString() : issuer.teams().get(value.toString());
            if (team != null) {
                teams.add(team);
            }
        }
        return teams;
    }

    private Collection<String> rolesFor(String claimValue) {
        Map<String, List<String>> map = issuer.roles();
        List<String> roles = map.get(claimValue);
        if (roles == null && claimValue.contains(":")) {
            roles = map.get(claimValue.substring(claimValue.lastIndexOf(':') + 1));
        }
        return roles == null ? List.of() : roles;
    }

    private static Object first(List<Object> values) {
        return values.isEmpty() ? null : values.get(0);
    }
}
