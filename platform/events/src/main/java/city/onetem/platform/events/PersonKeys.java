package city.onetem.platform.events;

import city.onetem.platform.access.DevelopmentOnly;
import city.onetem.platform.fhir.NhsNumber;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Kafka key for a person: HMAC-SHA256 of the NHS number under a secret all services share.
 * Same person, same key on every topic, so their events stay in order; the key alone does not
 * reveal who they are (a plain hash of a 10-digit number could be reversed by brute force).
 */
@Startup // refuses a development secret when the service starts, not at its first event
@ApplicationScoped
public class PersonKeys {

    private final SecretKeySpec secret;
    /** A Mac per thread, keyed once: looking one up and keying it on every event showed in profiles. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /** The secret of the local stack and the tests: in the source, so it protects nothing. */
    static final String DEVELOPMENT_SECRET = "local-development-only-not-a-secret";
    /** An HMAC-SHA256 key shorter than its 32-byte output weakens it. */
    static final int MIN_SECRET_BYTES = 32;

    public PersonKeys(@ConfigProperty(name = "onetem.events.person-key-secret") String secret) {
        if (DEVELOPMENT_SECRET.equals(secret)) {
            DevelopmentOnly.refuse("The development person-key secret",
                    "Set onetem.events.person-key-secret to the secret all services share (docs/security.md).");
        } else if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("onetem.events.person-key-secret must be at least " + MIN_SECRET_BYTES
                    + " bytes (a random 256-bit value, e.g. openssl rand -base64 32)");
        }
        this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String keyFor(NhsNumber person) {
        // doFinal leaves the Mac reset, keyed and ready for the next person.
        return HexFormat.of().formatHex(macs.get().doFinal(person.value().getBytes(StandardCharsets.US_ASCII)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
