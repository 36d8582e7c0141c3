package city.onetem.platform.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The token issuers a service's tests accept: the development issuer, whose key is a PEM file,
 * and a stand-in for NHS CIS2 whose keys the services fetch from its JWKS URL over HTTP, as they
 * fetch a real issuer's. Its tokens carry CIS2's national RBAC claim (nhsid_nrbac_roles).
 */
public final class TestIssuers {

    public static final String CIS2_ISSUER = "https://cis2.test/openam/oauth2/realms/root/realms/oidc";
    /** CIS2 names the relying party's client id as the audience. */
    public static final String CIS2_AUDIENCE = "999999999999.apps.national";
    /** Nurse Access Role, mapped to community-nurse in {@link #config()}. */
    public static final String CIS2_NURSE_ROLE = "S8000:G8000:R8001";
    /** Clinical Practitioner Access Role, mapped to gp. */
    public static final String CIS2_PRACTITIONER_ROLE = "S8000:G8000:R8000";

    private static DevKeys cis2;
    private static HttpServer jwks;

    private TestIssuers() {
    }

    /** The stand-in CIS2's keys: sign its tokens with them. */
    public static synchronized DevKeys cis2() {
        if (cis2 == null) {
            cis2 = DevKeys.in(Path.of(System.getProperty("java.io.tmpdir"),
                    "onetem-cis2-keys-" + ProcessHandle.current().pid()), CIS2_ISSUER, CIS2_AUDIENCE);
        }
        return cis2;
    }

    /** The services' settings for both issuers. */
    public static Map<String, String> config() {
        return Map.of(
                "onetem.security.issuers.development.keys", DevKeys.forThisJvm().publicKeyFile().toString(),
                "onetem.security.issuers.cis2.issuer", CIS2_ISSUER,
                "onetem.security.issuers.cis2.keys", jwksUrl(),
                "onetem.security.issuers.cis2.audience", CIS2_AUDIENCE,
                "onetem.security.issuers.cis2.roles-claim", "nhsid_nrbac_roles/role_code",
                "onetem.security.issuers.cis2.organisation-claim", "nhsid_nrbac_roles/org_code",
                "onetem.security.issuers.cis2.roles.R8001", "community-nurse",
                "onetem.security.issuers.cis2.roles.R8000", "gp");
    }

    /** Serves the stand-in CIS2's JWKS on a local port for the life of this JVM. */
    private static synchronized String jwksUrl() {
        if (jwks == null) {
            try {
                jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] body = cis2().jwks().getBytes(StandardCharsets.UTF_8);
            jwks.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            jwks.start();
        }
        return "http://localhost:" + jwks.getAddress().getPort() + "/jwks";
    }
}
