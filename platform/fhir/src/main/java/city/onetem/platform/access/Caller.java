package city.onetem.platform.access;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is making this request, as their token says: for attribution of every write. */
@RequestScoped
public class Caller {

    /** Token claim naming the caller's organisation by ODS code. */
    public static final String ORGANISATION_CLAIM = "org";
    /** Set on a verified token: the configured name of the issuer that verified it. */
    public static final String ISSUER_NAME_CLAIM = "onetem_issuer";
    /** Set on a verified token: the cluster teams the caller works in, as codes here. */
    public static final String TEAMS_CLAIM = "onetem_teams";
    /** Who a user is, as their issuer identifies them (the token's sub): on care teams and in the audit trail. */
    public static final String USER_SYSTEM = "https://onetem.city/Id/user";

    @Inject
    JsonWebToken token;

    public String id() {
        return token.getSubject();
    }

    public String organisation() {
        Object org = token.getClaim(ORGANISATION_CLAIM);
        return org == null ? null : org.toString();
    }

    /** Who is sending, as referrals and messages are attributed: their organisation, else their identity. */
    public String sender() {
        String org = organisation();
        return org != null ? org : id();
    }

    /** The cluster teams the caller works in (cluster codes). */
    public Set<String> teams() {
        Object claim = token.getClaim(TEAMS_CLAIM);
        if (!(claim instanceof Collection<?> values)) {
            return Set.of();
        }
        Set<String> teams = new LinkedHashSet<>();
        for (Object value : values) {
            teams.add(value instanceof JsonString text ? text.getString() : value.toString());
        }
        return teams;
    }

    /** The configured name of the issuer that verified the caller's token. */
    public String issuer() {
        Object issuer = token.getClaim(ISSUER_NAME_CLAIM);
        return issuer == null ? null : issuer instanceof JsonString text ? text.getString() : issuer.toString();
    }

    /** The caller's roles here. */
    public Set<String> roles() {
        return token.getGroups();
    }

    public boolean hasRole(String role) {
        return token.getGroups().contains(role);
    }

    /** "subject (ODS)" for history and audit lines. */
    public String describe() {
        String org = organisation();
        return org == null ? id() : id() + " (" + org + ")";
    }
}
