package city.onetem.platform.access;

import io.quarkus.runtime.configuration.ConfigUtils;
import java.util.List;

/**
 * Settings that are safe only on a developer's machine and in the tests (the development token
 * issuer and its key files, the person-key secret everyone can read in the source): outside the
 * dev and test profiles a service refuses to start with any of them.
 */
public final class DevelopmentOnly {

    /** The local stack's and the tests' token issuer (platform/testing DevKeys signs for it). */
    public static final String ISSUER = "https://onetem.local/dev";
    /** How the development key files are named (platform/testing DevKeys writes them). */
    public static final String KEY_FILE_NAME = "dev-public-key.pem";

    private DevelopmentOnly() {
    }

    public static boolean allowed() {
        List<String> profiles = ConfigUtils.getProfiles();
        return profiles.contains("dev") || profiles.contains("test");
    }

    /** Refuses to go on, saying what to change, unless this is the dev or test profile. */
    public static void refuse(String what, String instead) {
        if (!allowed()) {
            throw new IllegalStateException(what + " is for development and tests only, and this service runs with"
                    + " profile " + ConfigUtils.getProfiles() + ". " + instead);
        }
    }
}
