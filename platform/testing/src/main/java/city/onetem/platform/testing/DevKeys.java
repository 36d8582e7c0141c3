package city.onetem.platform.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * A local signing key for the tests and the local stack, never for production: it signs bearer
 * tokens (RS256) that the services verify with the public key file. The pair is made once per
 * folder, so every class loader and process that names the folder signs with the same key.
 */
public final class DevKeys {

    /** The development issuer (city.onetem.platform.access.DevelopmentOnly.ISSUER). */
    public static final String ISSUER = "https://onetem.local/dev";
    /** The audience the development issuer's tokens name, and the services expect. */
    public static final String AUDIENCE = "onetem";
    /** Named so: the services refuse a key file of this name outside the dev and test profiles. */
    static final String PUBLIC_KEY_FILE = "dev-public-key.pem";
    private static final String KEY_ID = "dev-1";

    private final String issuer;
    private final String audience;
    private final Path publicKeyFile;
    private final PublicKey publicKey;
    private final PrivateKey privateKey;

    private DevKeys(String issuer, String audience, Path publicKeyFile, PublicKey publicKey, PrivateKey privateKey) {
        this.issuer = issuer;
        this.audience = audience;
        this.publicKeyFile = publicKeyFile;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** The key pair for this JVM's tests, under the temp folder. */
    public static DevKeys forThisJvm() {
        return in(Path.of(System.getProperty("java.io.tmpdir"), "onetem-dev-keys-" + ProcessHandle.current().pid()));
    }

    /** Loads the development issuer's key pair kept in this folder, making one first if there is none. */
    public static DevKeys in(Path folder) {
        return in(folder, ISSUER, AUDIENCE);
    }

    /** The key pair kept in this folder, for tokens of this issuer and audience (a stand-in for CIS2, say). */
    public static synchronized DevKeys in(Path folder, String issuer, String audience) {
        Path privateFile = folder.resolve("dev-private-key.pem");
        Path publicFile = folder.resolve(PUBLIC_KEY_FILE);
        try {
            if (!Files.exists(privateFile)) {
                Files.createDirectories(folder);
                KeyPair pair = KeyUtils.generateKeyPair(2048);
                writeAtomically(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                writeAtomically(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            }
            return new DevKeys(issuer, audience, publicFile, KeyUtils.decodePublicKey(Files.readString(publicFile)),
                    KeyUtils.decodePrivateKey(Files.readString(privateFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** The PEM file services verify tokens with (onetem.security.issuers.development.keys). */
    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** The public key as a JSON Web Key Set, as an identity provider publishes it at its jwks_uri. */
    public String jwks() {
        try {
            RsaJsonWebKey key = new RsaJsonWebKey((RSAPublicKey) publicKey);
            key.setKeyId(KEY_ID);
            key.setUse("sig");
            key.setAlgorithm("RS256");
            return new JsonWebKeySet(key).toJson();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Not an RSA key: " + publicKeyFile, e);
        }
    }

    /** Claims of a token from this issuer for this system, valid for the lifetime, to add to and sign. */
    public JwtClaimsBuilder claims(String subject, Duration lifetime) {
        Instant now = Instant.now();
        return Jwt.issuer(issuer).audience(audience).subject(subject).issuedAt(now).expiresAt(now.plus(lifetime));
    }

    /** Signs the claims with this folder's key (RS256, with the key id its JWKS gives). */
    public String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId(KEY_ID).sign(privateKey);
    }

    /**
     * A signed bearer token.
     *
     * @param subject who: a person or a system, e.g. "nurse.jones" or "nhs111-supplier"
     * @param organisation their organisation's ODS code, or null for a token that names none
     * @param roles the groups claim, see city.onetem.platform.access.Roles
     */
    public String token(String subject, String organisation, Duration lifetime, String... roles) {
        return token(subject, organisation, lifetime, List.of(), roles);
    }

    /** A token for a member of these cluster teams (their codes, e.g. "central"). */
    public String token(String subject, String organisation, Duration lifetime, List<String> teams, String... roles) {
        JwtClaimsBuilder claims = claims(subject, lifetime).upn(subject).groups(new LinkedHashSet<>(List.of(roles)));
        if (!teams.isEmpty()) {
            claims.claim("teams", teams);
        }
        if (organisation != null) {
            claims.claim("org", organisation);
        }
        return sign(claims);
    }

    /** A token valid for an hour for a member of one cluster team, e.g. ("nurse.jones", "R1C", "central", role). */
    public String member(String subject, String organisation, String team, String... roles) {
        return token(subject, organisation, Duration.ofHours(1), List.of(team), roles);
    }

    /** A token valid for an hour: what a test needs. */
    public String token(String subject, String organisation, String... roles) {
        return token(subject, organisation, Duration.ofHours(1), roles);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
