package city.onetem.platform.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identity providers whose bearer tokens are accepted, by name: e.g. NHS CIS2 for NHS staff, a
 * council's provider for social workers, the development issuer of the local stack and the tests.
 * docs/security.md shows each one's configuration and the claims it must send.
 */
@ConfigMapping(prefix = "onetem.security")
public interface TokenIssuers {

    Map<String, Issuer> issuers();

    /** Accepted difference between the issuer's clock and ours, for a token's exp and iat. */
    @WithDefault("60")
    int clockSkewSeconds();

    interface Issuer {

        /** The token's iss, exactly. */
        String issuer();

        /** Where its signing keys are: the issuer's JWKS URL (jwks_uri), or a JWKS or PEM file. */
        String keys();

        /** The aud values naming this system; a token must carry one of them. */
        Set<String> audience();

        /**
         * The claim holding the caller's roles or groups, as a path: "groups", "realm_access/roles",
         * or "nhsid_nrbac_roles/role_code" (a path through an array takes the field of each element).
         */
        @WithDefault("groups")
        String rolesClaim();

        /** The claim naming the caller's organisation (ODS code), as a path like rolesClaim. */
        @WithDefault("org")
        String organisationClaim();

        /**
         * Claim value to the roles here (see {@link Roles}). A value is matched whole, or by its
         * last ':' part so that a CIS2 role code S8000:G8000:R8001 matches R8001. A value with no
         * entry gives no role.
         */
        Map<String, List<String>> roles();

        /** The claim naming the cluster teams the caller works in, as a path like rolesClaim. */
        @WithDefault("teams")
        String teamsClaim();

        /**
         * Claim value to the cluster code here ("Adult Social Care - East"=east). With no entries the
         * values are taken as cluster codes; with entries, a value with no entry names no team.
         */
        Map<String, String> teams();
    }
}
