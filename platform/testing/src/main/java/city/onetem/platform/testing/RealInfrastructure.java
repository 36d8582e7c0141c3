package city.onetem.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a real PostgreSQL and a real Kafka broker for a service's @QuarkusTest (once per JVM)
 * and points the service at them, with its own database and the dev token key.
 * Use: {@code @QuarkusTestResource(value = RealInfrastructure.class,
 * initArgs = @ResourceArg(name = "database", value = "referrals"))}.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", "onetem");
    }

    @Override
    public Map<String, String> start() {
        PostgresServer postgres = PostgresServer.shared();
        KafkaBroker kafka = KafkaBroker.shared();
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.database(database),
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "mp.jwt.verify.publickey.location", DevKeys.forThisJvm().publicKeyFile().toString(),
                "mp.jwt.verify.issuer", DevKeys.ISSUER);
    }

    @Override
    public void stop() {
        // The servers are shared by every test class in this JVM and stop when it exits.
    }
}
