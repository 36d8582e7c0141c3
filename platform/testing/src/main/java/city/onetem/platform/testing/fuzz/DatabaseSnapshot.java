package city.onetem.platform.testing.fuzz;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * What a service has stored, as a few numbers and checksums read in one query: taken before and
 * after a refused request, it must not have changed (nothing half-written, no event queued).
 */
public final class DatabaseSnapshot {

    private final DataSource dataSource;
    private final Map<String, String> measures = new LinkedHashMap<>();

    private DatabaseSnapshot(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static DatabaseSnapshot of(DataSource dataSource) {
        return new DatabaseSnapshot(dataSource);
    }

    /** The number of rows in each table. */
    public DatabaseSnapshot counting(String... tables) {
        for (String table : tables) {
            measures.put(table + " rows", "(select count(*) from " + table + ")::text");
        }
        return this;
    }

    /** The number of rows that match {@code where}, e.g. to leave out rows a scheduled job writes. */
    public DatabaseSnapshot countingWhere(String table, String where) {
        measures.put(table + " rows where " + where, "(select count(*) from " + table + " where " + where + ")::text");
        return this;
    }

    /** A checksum of every row of a small table: catches an update as well as an insert or delete. */
    public DatabaseSnapshot checksumOf(String table) {
        measures.put(table + " content", "(select coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from "
                + table + " t)");
        return this;
    }

    /** The values now, by what they measure. */
    public Map<String, String> take() {
        List<String> names = new ArrayList<>(measures.keySet());
        String query = "select " + String.join(", ", measures.values());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(query)) {
            row.next();
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), row.getString(i + 1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the snapshot: " + e.getMessage(), e);
        }
    }

    /** What differs between two snapshots, in words; empty when nothing does. */
    public static String difference(Map<String, String> before, Map<String, String> after) {
        List<String> changed = new ArrayList<>();
        before.forEach((name, value) -> {
            if (!Objects.equals(value, after.get(name))) {
                changed.add(name + ": " + value + " -> " + after.get(name));
            }
        });
        return String.join(", ", changed);
    }

    /**
     * Waits until nothing changes for a second (events from earlier tests still being applied),
     * at most {@code patience}; then a change seen during a request is that request's.
     */
    public void awaitQuiet(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        Map<String, String> last = take();
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            Map<String, String> now = take();
            if (now.equals(last)) {
                return;
            }
            last = now;
        }
    }
}
