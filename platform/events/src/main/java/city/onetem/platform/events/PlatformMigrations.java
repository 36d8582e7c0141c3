package city.onetem.platform.events;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;

/**
 * Migrates the platform's own tables (outbox, processed events) in a service's database. They
 * keep a history table of their own so that their versions never interleave with the service's
 * migrations, which Quarkus runs at start from db/migration.
 */
@ApplicationScoped
public class PlatformMigrations {

    @Inject
    AgroalDataSource dataSource;

    private volatile boolean done;

    public synchronized void migrate() {
        if (done) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/platform")
                .table("flyway_platform_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        done = true;
    }
}
