package city.onetem.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                writeAtomically(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                writeAtomically(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            }
            byte[] der = Base64.getMimeDecoder().decode(Files.readString(privateFile)
                    .replaceAll("-----[A-Z ]+-----", ""));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new DevKeys(publicFile, key);
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
     * @param organisation their organisation's ODS code
     * @param roles the groups claim, see city.onetem.platform.fhir.Roles
     */
    public String token(String subject, String organisation, Duration lifetime, String... roles) {
        long now = Instant.now().getEpochSecond();
        String groups = Stream.of(roles).map(DevKeys::quote).collect(Collectors.joining(",", "[", "]"));
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":" + quote(ISSUER) + ",\"sub\":" + quote(subject) + ",\"upn\":" + quote(subject)
                + ",\"org\":" + quote(organisation) + ",\"groups\":" + groups + ",\"iat\":" + now
                + ",\"exp\":" + (now + lifetime.toSeconds()) + "}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token valid for an hour: what a test needs. */
    public String token(String subject, String organisation, String... roles) {
        return token(subject, organisation, Duration.ofHours(1), roles);
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
