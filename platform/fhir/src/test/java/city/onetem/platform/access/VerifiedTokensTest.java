package city.onetem.platform.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.DevKeys;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Outside the dev and test profiles (a plain JVM, as in production) a service will not start insecure. */
class VerifiedTokensTest {

    @Test
    void theDevelopmentIssuerIsRefusedOutsideDevelopmentSayingWhatToDo() {
        var refused = assertThrows(IllegalStateException.class,
                () -> new VerifiedTokens(issuers(Map.of("development", issuer(DevKeys.ISSUER, "/keys/real.pem")))));
        assertTrue(refused.getMessage().contains("Token issuer 'development'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("Configure the real issuers instead"), refused.getMessage());
    }

    @Test
    void aDevelopmentKeyFileIsRefusedUnderAnyIssuerName() {
        assertThrows(IllegalStateException.class, () -> new VerifiedTokens(issuers(Map.of("cis2",
                issuer("https://am.nhsidentity.spineservices.nhs.uk", "/tmp/keys/" + DevelopmentOnly.KEY_FILE_NAME)))));
    }

    @Test
    void withNoIssuerConfiguredAServiceDoesNotStart() {
        var refused = assertThrows(IllegalStateException.class, () -> new VerifiedTokens(issuers(Map.of())));
        assertTrue(refused.getMessage().contains("No token issuer is configured"), refused.getMessage());
    }

    @Test
    void aRealIssuerIsAccepted() {
        new VerifiedTokens(issuers(Map.of("cis2", issuer("https://am.nhsidentity.spineservices.nhs.uk",
                "https://am.nhsidentity.spineservices.nhs.uk/openam/oauth2/connect/jwk_uri"))));
    }

    @Test
    void theDevelopmentIssuerIsTheOneTheTestKeysSignFor() {
        assertEquals(DevKeys.ISSUER, DevelopmentOnly.ISSUER);
    }

    @Test
    void claimPathsReachIntoArraysOfObjects() {
        Map<String, Object> cis2 = Map.of("nhsid_nrbac_roles", List.of(
                Map.of("role_code", "S8000:G8000:R8001", "org_code", "R1C"),
                Map.of("role_code", "S8000:G8000:R8000", "org_code", "RYX")),
                "groups", List.of("a", "b"), "realm_access", Map.of("roles", List.of("c")));
        assertEquals(List.of("S8000:G8000:R8001", "S8000:G8000:R8000"), ClaimPaths.values(cis2, "nhsid_nrbac_roles/role_code"));
        assertEquals(List.of("a", "b"), ClaimPaths.values(cis2, "groups"));
        assertEquals(List.of("c"), ClaimPaths.values(cis2, "realm_access/roles"));
        assertEquals(List.of(), ClaimPaths.values(cis2, "nothing/here"));
    }

    private static TokenIssuers issuers(Map<String, TokenIssuers.Issuer> issuers) {
        return new TokenIssuers() {
            @Override
            public Map<String, Issuer> issuers() {
                return issuers;
            }

            @Override
            public int clockSkewSeconds() {
                return 60;
            }
        };
    }

    private static TokenIssuers.Issuer issuer(String iss, String keys) {
        return new TokenIssuers.Issuer() {
            @Override
            public String issuer() {
                return iss;
            }

            @Override
            public String keys() {
                return keys;
            }

            @Override
            public Set<String> audience() {
                return Set.of("onetem");
            }

            @Override
            public String rolesClaim() {
                return "groups";
            }

            @Override
            public String organisationClaim() {
                return "org";
            }

            @Override
            public Map<String, List<String>> roles() {
                return Map.of();
            }

            @Override
            public String teamsClaim() {
                return "teams";
            }

            @Override
            public Map<String, String> teams() {
                return Map.of();
            }
        };
    }
}
