package city.onetem.platform.testing;

import io.smallrye.jwt.build.Jwt;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A local signing key for the tests and the local stack, never for production: it signs bearer
 * tokens (RS256) that the services verify with the public key file. The pair is made once per
 * folder, so every class loader and process that names the folder signs with the same key.
 */
public final class DevKeys {

    public static final String ISSUER = "https://onetem.local/dev";

    private final Path publicKeyFile;
    private final PrivateKey privateKey;

    private DevKeys(Path publicKeyFile, PrivateKey privateKey) {
        this.publicKeyFile = publicKeyFile;
        this.privateKey = privateKey;
    }

    /** The key pair for this JVM's tests, under the temp folder. */
    public static DevKeys forThisJvm() {
        return in(Path.of(System.getProperty("java.io.tmpdir"), "onetem-dev-keys-" + ProcessHandle.current().pid()));
    }

    /** Loads the key pair kept in this folder, making one first if there is none. */
    public static synchronized DevKeys in(Path folder) {
        Path privateFile = folder.resolve("dev-private-key.pem");
        Path publicFile = folder.resolve("dev-public-key.pem");
        try {
            if (!Files.exists(privateFile)) {
                Files.createDirectories(folder);
                KeyPair pair = KeyUtils.generateKeyPair(2048);
                writeAtomically(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                writeAtomically(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            }
            return new DevKeys(publicFile, KeyUtils.decodePrivateKey(Files.readString(privateFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM file services verify tokens with (mp.jwt.verify.publickey.location). */
    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /**
     * A signed bearer token.
     *
     * @param subject who: a person or a system, e.g. "nurse.jones" or "nhs111-supplier"
     * @param organisation their organisation's ODS code, or null for a token that names none
     * @param roles the groups claim, see city.onetem.platform.fhir.Roles
     */
    public String token(String subject, String organisation, Duration lifetime, String... roles) {
        Instant now = Instant.now();
        var claims = Jwt.issuer(ISSUER).subject(subject).upn(subject);
        if (organisation != null) {
            claims.claim("org", organisation);
        }
        return claims.groups(new LinkedHashSet<>(List.of(roles)))
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .sign(privateKey);
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
