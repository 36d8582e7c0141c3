package city.onetem.platform.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;

/**
 * The right to publish one service's outbox, held by one instance at a time: a session advisory
 * lock on a connection of the relay's own, outside the pool. PostgreSQL releases it when that
 * session ends, however the instance ends, and a standby takes it over. The relay reads and
 * marks rows on this same connection, so an instance that lost its session (and so the lease)
 * cannot mark anything more; at worst a row is sent twice, which consumers ignore by ce_id.
 * The connection also LISTENs for the outbox trigger's NOTIFY, so new rows wake the holder,
 * whichever instance wrote them.
 */
final class RelayLease implements AutoCloseable {

    static final String CHANNEL = "onetem_outbox";

    private final Connection connection;

    private RelayLease(Connection connection) {
        this.connection = connection;
    }

    /** The lease, or null while another instance holds it. */
    static RelayLease tryAcquire(String jdbcUrl, String user, String password, String source) throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "outbox-relay");
        properties.setProperty("tcpKeepAlive", "true");
        // As the pool's connections: no statement's values (a payload, an NHS number) in an error message.
        properties.setProperty("logServerErrorDetail", "false");
        Connection connection = new org.postgresql.Driver().connect(jdbcUrl, properties);
        if (connection == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
            // Keyed by the service (event source) too, in case services share one database.
            lock.setInt(1, 0x6f6e6574);
            lock.setInt(2, source.hashCode());
            try (ResultSet held = lock.executeQuery()) {
                held.next();
                if (!held.getBoolean(1)) {
                    connection.close();
                    return null;
                }
            }
            try (Statement listen = connection.createStatement()) {
                listen.execute("listen " + CHANNEL);
            }
            return new RelayLease(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    Connection connection() {
        return connection;
    }

    /** Waits until a transaction that wrote to the outbox commits, or the timeout passes. */
    void awaitNewEvents(long timeoutMillis) throws SQLException {
        connection.unwrap(PGConnection.class).getNotifications((int) Math.max(1, timeoutMillis));
    }

    /** Forgets the notifications already received: the next read of the outbox covers their rows. */
    void clearNotifications() throws SQLException {
        connection.unwrap(PGConnection.class).getNotifications();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // The session is gone either way, and the lock with it.
        }
    }
}
