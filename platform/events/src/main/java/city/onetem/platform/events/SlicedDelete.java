package city.onetem.platform.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Deletes old rows a slice at a time, each slice its own statement, so that pruning a large table
 * never holds its locks for long. Running it on several instances at once is harmless.
 */
public final class SlicedDelete {

    public static final int SLICE = 5_000;

    private SlicedDelete() {
    }

    /**
     * Runs {@code sql} (a delete of at most {@link #SLICE} rows older than its one parameter) until a
     * slice deletes fewer; returns how many rows went.
     */
    public static long olderThan(DataSource dataSource, String sql, Instant before) {
        long total = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setTimestamp(1, Timestamp.from(before));
            int deleted;
            do {
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == SLICE);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prune: " + e.getMessage(), e);
        }
        return total;
    }
}
