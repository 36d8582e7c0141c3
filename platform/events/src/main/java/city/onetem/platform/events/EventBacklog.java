package city.onetem.platform.events;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How many events wait in this service's database, read in one statement: to be published (and
 * the oldest's age), and parked either way. Health checks read it fresh; metrics, kept a few
 * seconds ({@link #kept()}).
 */
@ApplicationScoped
public class EventBacklog {

    /** Counts at one moment; with an error, and no counts, when the database could not be read. */
    public record Snapshot(long unsent, long oldestUnsentSeconds, long parkedInbound, long parkedOutbound,
            String error) {
        public boolean read() {
            return error == null;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    private final KeptReading<Snapshot> kept = new KeptReading<>(this::read);

    /** The latest reading, at most a few seconds old. */
    public Snapshot kept() {
        return kept.now();
    }

    /** A reading now. */
    public Snapshot read() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("""
                        select count(*), coalesce(extract(epoch from now() - min(occurred_at)), 0),
                               (select count(*) from parked_event where resolved_at is null),
                               (select count(*) from outbox_event where parked_at is not null and dismissed_at is null)
                        from outbox_event where published_at is null and parked_at is null""")) {
            row.next();
            return new Snapshot(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), null);
        } catch (SQLException e) {
            return new Snapshot(0, 0, 0, 0, e.getMessage());
        }
    }
}
