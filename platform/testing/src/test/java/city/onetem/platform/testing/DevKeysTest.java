package city.onetem.platform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev tokens carry what the services read from them, for this system's audience, signed in a plain JVM as the local stack signs them. */
class DevKeysTest {

    @TempDir
    Path folder;

    @Test
    void aTokenSignedWithTheFoldersKeyCarriesWhoWhereAndWhichRolesUntilItExpires() throws Exception {
        DevKeys.in(folder);
        DevKeys keys = DevKeys.in(folder); // loads the pair the first call made

        JwtClaims claims = new JwtConsumerBuilder()
                .setVerificationKey(KeyUtils.decodePublicKey(Files.readString(keys.publicKeyFile())))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256")
                .setExpectedIssuer(DevKeys.ISSUER)
                .setExpectedAudience(DevKeys.AUDIENCE)
                .setRequireExpirationTime()
                .build()
                .processToClaims(keys.token("nurse.jones", "R1C", Duration.ofMinutes(5), "community-nurse", "spa-coordinator"));

        assertEquals("nurse.jones", claims.getSubject());
        assertEquals("nurse.jones", claims.getClaimValueAsString("upn"));
        assertEquals("R1C", claims.getClaimValueAsString("org"));
        assertEquals(List.of("community-nurse", "spa-coordinator"), claims.getStringListClaimValue("groups"));
        assertEquals(300, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
    }

    @Test
    void theJwksPublishesTheKeyTokensAreSignedWith() throws Exception {
        DevKeys keys = DevKeys.in(folder, "https://cis2.test", "client-1");
        JwtClaims claims = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new org.jose4j.keys.resolvers.JwksVerificationKeyResolver(
                        new org.jose4j.jwk.JsonWebKeySet(keys.jwks()).getJsonWebKeys()))
                .setExpectedIssuer("https://cis2.test")
                .setExpectedAudience("client-1")
                .build()
                .processToClaims(keys.sign(keys.claims("555000000001", Duration.ofMinutes(5))));
        assertEquals("555000000001", claims.getSubject());
    }
}
