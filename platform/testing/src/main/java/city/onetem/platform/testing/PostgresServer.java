package city.onetem.platform.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests and the local stack: the embedded binaries by default, so
 * a machine with only a JDK works, or an existing server named by ONETEM_POSTGRES_URL
 * (a JDBC URL to its postgres database) with ONETEM_POSTGRES_USER and ONETEM_POSTGRES_PASSWORD.
 * Each service gets a database of its own. Its data is temporary (a clean server for tests) or
 * kept in a folder across restarts (the local stack).
 */
public final class PostgresServer implements AutoCloseable {

    private static PostgresServer shared;

    private EmbeddedPostgres embedded;
    /** The embedded server's data, kept across a stop and start. */
    private final Path dataDirectory;
    /** Temporary data is removed on close; kept data never is. */
    private final boolean temporary;
    /** Where the embedded server's own output goes. */
    private final ProcessBuilder.Redirect output;
    private final String adminUrl;
    private final String user;
    private final String password;

    private PostgresServer(EmbeddedPostgres embedded, Path dataDirectory, boolean temporary,
            ProcessBuilder.Redirect output, String adminUrl, String user, String password) {
        this.embedded = embedded;
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.output = output;
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

    /** A clean server on temporary data, removed on close. */
    public static PostgresServer start() {
        return existing().orElseGet(() -> {
            try {
                return embedded(Files.createTempDirectory("onetem-pg"), true, ProcessBuilder.Redirect.PIPE);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
            }
        });
    }

    /**
     * A server on the data kept in this folder: made there on the first start, used again by
     * every later one, never removed here. The server's own log is appended to serverLog.
     *
     * @throws KeptDataException if the server cannot start on that data
     */
    public static PostgresServer kept(Path dataDirectory, Path serverLog) {
        return existing().orElseGet(() -> {
            long logged = sizeOf(serverLog);
            try {
                return embedded(dataDirectory, false, ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
            } catch (IOException | RuntimeException e) {
                // zonky only says it gave up waiting; the server's log says why.
                throw new KeptDataException("PostgreSQL could not start on the data kept in " + dataDirectory + " ("
                        + e.getMessage() + "). Its log says:\n" + loggedSince(serverLog, logged), e);
            }
        });
    }

    /** The server ONETEM_POSTGRES_URL names, if it names one. */
    private static Optional<PostgresServer> existing() {
        String url = System.getenv("ONETEM_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new PostgresServer(null, null, false, null, url, env("ONETEM_POSTGRES_USER", "postgres"),
                env("ONETEM_POSTGRES_PASSWORD", "postgres")));
    }

    private static PostgresServer embedded(Path data, boolean temporary, ProcessBuilder.Redirect output)
            throws IOException {
        EmbeddedPostgres postgres = embedded(data, 0, temporary, output);
        return new PostgresServer(postgres, data, temporary, output, postgres.getJdbcUrl("postgres", "postgres"),
                "postgres", "postgres");
    }

    private static long sizeOf(Path log) {
        try {
            Files.createDirectories(log.getParent());
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String loggedSince(Path log, long position) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(position, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(" + log + " could not be read: " + e.getMessage() + ")";
        }
    }

    /** Stops the embedded server as an outage would, keeping its data: {@link #startAgain()} brings it back. */
    public synchronized void stop() {
        try {
            requireEmbedded().close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop embedded PostgreSQL", e);
        }
    }

    /** Starts the embedded server again after {@link #stop()}, on the same port with the same data. */
    public synchronized void startAgain() {
        try {
            embedded = embedded(dataDirectory, requireEmbedded().getPort(), temporary, output);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL again", e);
        }
    }

    private EmbeddedPostgres requireEmbedded() {
        if (embedded == null) {
            throw new IllegalStateException("Only the embedded PostgreSQL is stopped and started here");
        }
        return embedded;
    }

    private static EmbeddedPostgres embedded(Path data, int port, boolean temporary, ProcessBuilder.Redirect output)
            throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false) // kept across stop and start; close() removes temporary data
                .setOutputRedirector(output)
                // Kept data belongs to an owner who closes it; zonky's own hook, stopping a server
                // that refused the data, would only print a stack trace under the reason.
                .setRegisterShutdownHook(temporary)
                .setPort(port)
                .setServerConfig("max_connections", "300")
                // zonky turns synchronous_commit off for speed; a commit here must be durable.
                .setServerConfig("synchronous_commit", "on")
                .start();
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
    public synchronized void close() {
        if (embedded == null) {
            return;
        }
        try {
            embedded.close();
            embedded = null;
            if (temporary) {
                try (Stream<Path> files = Files.walk(dataDirectory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
