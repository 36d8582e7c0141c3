package city.onetem.platform.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server for tests and the local stack: the embedded binaries by default, so
 * a machine with only a JDK works, or an existing server named by ONETEM_POSTGRES_URL
 * (a JDBC URL to its postgres database) with ONETEM_POSTGRES_USER and ONETEM_POSTGRES_PASSWORD.
 * Each service gets a database of its own.
 */
public final class PostgresServer implements AutoCloseable {

    private static PostgresServer shared;

    private final EmbeddedPostgres embedded;
    private final String adminUrl;
    private final String user;
    private final String password;

    private PostgresServer(EmbeddedPostgres embedded, String adminUrl, String user, String password) {
        this.embedded = embedded;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    /** One server per JVM, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-stop"));
        }
        return shared;
    }

    public static PostgresServer start() {
        String url = System.getenv("ONETEM_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            return new PostgresServer(null, url, env("ONETEM_POSTGRES_USER", "postgres"),
                    env("ONETEM_POSTGRES_PASSWORD", "postgres"));
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    // zonky turns synchronous_commit off for speed; a commit here must be durable.
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            return new PostgresServer(postgres, postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    /** Creates the database if it does not exist yet and returns its JDBC URL. */
    public String database(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("Database names here are lower case letters and underscores: " + name);
        }
        try (Connection connection = java.sql.DriverManager.getConnection(adminUrl, user, password);
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (!exists.next()) {
                    statement.execute("create database " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        int query = adminUrl.indexOf('?');
        String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
