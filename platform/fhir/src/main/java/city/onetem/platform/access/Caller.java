package city.onetem.platform.access;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is making this request, as their token says: for attribution of every write. */
@RequestScoped
public class Caller {

    /** Token claim naming the caller's organisation by ODS code. */
    public static final String ORGANISATION_CLAIM = "org";
    /** Set on a verified token: the configured name of the issuer that verified it. */
    public static final String ISSUER_NAME_CLAIM = "onetem_issuer";

    @Inject
    JsonWebToken token;

    public String id() {
        return token.getSubject();
    }

    public String organisation() {
        Object org = token.getClaim(ORGANISATION_CLAIM);
        return org == null ? null : org.toString();
    }

    /** "subject (ODS)" for history and audit lines. */
    public String describe() {
        String org = organisation();
        return org == null ? id() : id() + " (" + org + ")";
    }
}
