package city.onetem.platform.events;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Gauges counted in the database at scrape time (a reading kept a few seconds), for what a
 * service holds rather than what it did: clocks running, escalations overdue.
 */
@ApplicationScoped
public class QueryGauges {

    private static final Logger LOG = Logger.getLogger(QueryGauges.class);

    @Inject
    MeterRegistry registry;
    @Inject
    AgroalDataSource dataSource;

    /**
     * One gauge {@code name} per value of {@code tag}, read by {@code sql}: rows of (value, count).
     * A value without a row reads 0; all read NaN (no figure) while the database cannot be read. The
     * gauge holds its reading strongly: Micrometer holds a gauge's object weakly, and would read NaN once
     * it was collected.
     */
    public void register(String name, String description, String sql, String tag, String... values) {
        KeptReading<Map<String, Long>> reading = new KeptReading<>(() -> counts(name, sql));
        for (String value : values) {
            Gauge.builder(name, reading, r -> {
                Map<String, Long> counts = r.now();
                return counts == null ? Double.NaN : counts.getOrDefault(value, 0L);
            }).tag(tag, value).description(description).strongReference(true).register(registry);
        }
    }

    private Map<String, Long> counts(String name, String sql) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            Map<String, Long> counts = new HashMap<>();
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            LOG.debugf("Gauge %s not read: %s", name, e.getMessage());
            return null;
        }
    }
}
