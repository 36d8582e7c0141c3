package city.onetem.platform.events;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the event path, with what an on-call engineer asks first: how many events wait
 * to be published and for how long. A backlog alone does not make the service unready: writes
 * are safe in the outbox while the broker is away. "relay" says whether this instance publishes
 * or stands by while another does; parked events show in the events group (ParkedEventsHealth).
 */
@Readiness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {

    @Inject
    OutboxRelay relay;
    @Inject
    AgroalDataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox-relay");
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("""
                        select count(*), coalesce(extract(epoch from now() - min(occurred_at)), 0)
                        from outbox_event where published_at is null and parked_at is null""")) {
            row.next();
            response.withData("unpublished", row.getLong(1)).withData("oldestUnpublishedSeconds", row.getLong(2));
        } catch (SQLException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
        if (relay.lastError() != null) {
            response.withData("lastError", relay.lastError());
        }
        response.withData("relay", relay.role().name().toLowerCase());
        if (!relay.isEnabled()) {
            return response.up().withData("relay", "disabled by configuration").build();
        }
        return response.status(relay.isRunning()).build();
    }
}
