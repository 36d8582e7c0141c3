package city.onetem.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a real PostgreSQL and a real Kafka broker for a service's @QuarkusTest (once per JVM)
 * and points the service at them, with its own database and the test token issuers.
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
        Map<String, String> config = new HashMap<>(TestIssuers.config());
        config.putAll(Map.of(
                "quarkus.datasource.jdbc.url", postgres.database(database),
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password(),
                "kafka.bootstrap.servers", kafka.bootstrapServers()));
        return config;
    }

    @Override
    public void stop() {
        // The servers are shared by every test class in this JVM and stop when it exits.
    }
}
