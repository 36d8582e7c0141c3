package city.onetem.stack;

import city.onetem.platform.testing.DevIdentityProvider;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.FreePorts;
import city.onetem.platform.testing.KafkaBroker;
import city.onetem.platform.testing.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The whole system on one machine: a real PostgreSQL (a database per service), a real Kafka
 * broker, and the four services as separate processes. Used by the run command and by the
 * end-to-end tests, so what the tests prove is what a person runs.
 */
public final class LocalStack implements AutoCloseable {

    /** Service folder, database, port in the local stack. */
    public record Service(String name, String database, int port) {
    }

    public static final List<Service> SERVICES = List.of(
            new Service("referrals", "referrals", 8081),
            new Service("care-plans", "careplans", 8082),
            new Service("discharge", "discharge", 8083),
            new Service("virtual-ward", "virtualward", 8084));

    /** The cluster teams' board: web pages over the services, with no database or broker of its own. */
    public static final Service BOARD = new Service("board", null, 8085);
    /** The development sign-in's port in the local stack. */
    public static final int SIGN_IN_PORT = 8090;

    /** Whom the development sign-in offers: the people the demo is about, one of each kind of user. */
    public static final List<DevIdentityProvider.DemoUser> DEMO_USERS = List.of(
            new DevIdentityProvider.DemoUser("nurse.jones", "Nurse Jones", "R1C", "community-nurse", List.of("central"),
                    "community nurse, central cluster team"),
            new DevIdentityProvider.DemoUser("sw.ahmed", "Sam Ahmed", "SCC01", "social-worker", List.of("central"),
                    "social worker (city council), central cluster team"),
            new DevIdentityProvider.DemoUser("nurse.khan", "Nurse Khan", "R1C", "community-nurse", List.of("north-east"),
                    "community nurse, north-east cluster team"),
            new DevIdentityProvider.DemoUser("spa.coordinator", "Alex Morgan", "R1C", "spa-coordinator", List.of(),
                    "Single Point of Access coordinator"),
            new DevIdentityProvider.DemoUser("dr.okafor", "Dr Okafor", "R1C", "virtual-ward-clinician", List.of(),
                    "virtual ward clinician"));

    private final Path root;
    private final Path workDir;
    private final boolean fixedPorts;
    /** The database as it starts, so that close also stops one still starting (Ctrl-C during the start). */
    private volatile CompletableFuture<PostgresServer> database = CompletableFuture.completedFuture(null);
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private DevKeys keys;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** The HL7 v2 MLLP port of each discharge instance, by its label. */
    private final Map<String, Integer> mllpPorts = new LinkedHashMap<>();
    private boolean rebuildCarePlans;
    private DevIdentityProvider signIn;
    private Supervisor supervisor;

    /** The port hospitals send ADT to over MLLP in the local stack, as in HL7's registration. */
    public static final int MLLP_PORT = 2575;
    /** The setting that has care-plans rebuild its database from the log as it starts. */
    public static final String REBUILD_CARE_PLANS = "onetem.care-plans.rebuild-from-log";

    /**
     * @param workDir where keys, tokens, logs and kept data go
     * @param fixedPorts 8081-8084 for people to type; free ports for tests that may run beside one
     */
    public LocalStack(Path root, Path workDir, boolean fixedPorts) {
        this.root = root;
        this.workDir = workDir;
        this.fixedPorts = fixedPorts;
    }

    /** Finds the repository root from the working directory, wherever in the tree that is. */
    public static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("services/referrals"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Run this from inside the repository (no services/referrals found above "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }

    /**
     * Starts the broker and the database side by side, clean, on temporary data that close
     * removes: what tests want.
     */
    public LocalStack startInfrastructure() {
        return startInfrastructure(PostgresServer::start, () -> KafkaBroker.start(freshFolder(workDir.resolve("kafka"))));
    }

    /**
     * As {@link #startInfrastructure()}, with the broker in a JVM of its own on fixed ports, so
     * that {@link #stopBroker()} and {@link #startBroker()} take it down and bring it back as an
     * outage would, at the address the services were given.
     */
    public LocalStack startInfrastructureForBrokerOutages() {
        return startInfrastructure(PostgresServer::start,
                () -> KafkaBroker.inOwnProcess(freshFolder(workDir.resolve("kafka"))));
    }

    /**
     * Starts the broker and the database on the data earlier runs kept in the work folder
     * (postgres/, kafka/), which close keeps for the next run: what people want.
     *
     * @throws city.onetem.platform.testing.KeptDataException if that data cannot be used
     */
    public LocalStack startInfrastructureOnKeptData() {
        return startInfrastructure(
                () -> PostgresServer.kept(workDir.resolve("postgres"), workDir.resolve("logs").resolve("postgres.log")),
                () -> KafkaBroker.kept(workDir.resolve("kafka")));
    }

    /** Deletes the data earlier runs kept, so that the next start is clean. */
    public void deleteKeptData() {
        delete(workDir.resolve("postgres"));
        delete(workDir.resolve("kafka"));
    }

    /** They start side by side; they are what every service waits for. */
    private LocalStack startInfrastructure(Supplier<PostgresServer> startDatabase, Supplier<KafkaBroker> startBroker) {
        database = CompletableFuture.supplyAsync(startDatabase);
        try {
            kafka = startBroker.get();
            postgres = database.join();
        } catch (RuntimeException e) {
            close(); // whichever of the two did start
            throw e instanceof CompletionException ? (RuntimeException) e.getCause() : e;
        }
        keys = DevKeys.in(workDir.resolve("keys"));
        return this;
    }

    /** Defines a service process on this stack's infrastructure, not yet started. */
    public ServiceProcess service(String name) {
        return instance(name, 1);
    }

    /**
     * Defines instance n of a service (n > 1 for more instances beside the first, on free ports),
     * on this stack's infrastructure, not yet started; {@link #get(String)} finds it as "name-n".
     */
    public ServiceProcess instance(String name, int n) {
        Service service = SERVICES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        String label = n == 1 ? name : name + "-" + n;
        ServiceProcess process = new ServiceProcess(name, label, fixedPorts && n == 1 ? service.port() : FreePorts.next(),
                root, workDir.resolve("logs"))
                .with("quarkus.datasource.jdbc.url", postgres.database(service.database()))
                .with("quarkus.datasource.username", postgres.user())
                .with("quarkus.datasource.password", postgres.password())
                .with("kafka.bootstrap.servers", kafka.bootstrapServers())
                // The development issuer and person-key secret: accepted in the dev profile only.
                .with("quarkus.profile", "dev")
                .with("onetem.security.issuers.development.keys", keys.publicKeyFile().toString());
        if ("care-plans".equals(name) && rebuildCarePlans) {
            process.with(REBUILD_CARE_PLANS, "true");
        }
        if ("discharge".equals(name)) {
            int mllp = fixedPorts && n == 1 ? MLLP_PORT : FreePorts.next();
            process.with("onetem.mllp.port", Integer.toString(mllp));
            mllpPorts.put(label, mllp);
        }
        services.put(label, process);
        return process;
    }

    /**
     * Empties care-plans' database and has care-plans rebuild it from the log (careplans.v1) when
     * it next starts: what the runbook does when that database is lost (./run.sh --rebuild-care-plans).
     * Stop care-plans first, if it runs.
     */
    public void rebuildCarePlansFromTheLog() throws java.sql.SQLException {
        try (java.sql.Connection server = connect("postgres"); java.sql.Statement sql = server.createStatement()) {
            sql.execute("drop database if exists careplans with (force)");
            sql.execute("create database careplans");
        }
        rebuildCarePlans = true;
        ServiceProcess carePlans = services.get("care-plans");
        if (carePlans != null) {
            carePlans.with(REBUILD_CARE_PLANS, "true");
        }
    }

    /** Starts all four services and the board together and waits until every one is ready. */
    public void startAllServices(Duration timeout) {
        SERVICES.forEach(s -> service(s.name()).start());
        board().start();
        services.values().forEach(s -> s.awaitReady(timeout));
    }

    /**
     * Defines the board, not yet started, over the four services already defined, its
     * people signing in at the development sign-in ({@link #signIn()}).
     */
    public ServiceProcess board() {
        int port = fixedPorts ? BOARD.port() : FreePorts.next();
        String secret = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
        signIn().register(new DevIdentityProvider.Client("board", secret, "http://localhost:" + port + "/"));
        ServiceProcess board = new ServiceProcess(BOARD.name(), BOARD.name(), port, root, workDir.resolve("logs"))
                .with("quarkus.profile", "dev")
                .with("onetem.board.public-url", "http://localhost:" + port)
                .with("onetem.board.sign-in-url", signIn().url())
                .with("onetem.board.client-secret", secret)
                // A fresh key each start: sessions end with the stack, as its sign-in does.
                .with("onetem.board.session-secret", java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID())
                .with("onetem.board.referrals-url", services.get("referrals").baseUrl())
                .with("onetem.board.care-plans-url", services.get("care-plans").baseUrl())
                .with("onetem.board.discharge-url", services.get("discharge").baseUrl())
                .with("onetem.board.virtual-ward-url", services.get("virtual-ward").baseUrl());
        services.put(BOARD.name(), board);
        return board;
    }

    /** The development sign-in (OpenID Connect), started on first use; never part of a deployment. */
    public synchronized DevIdentityProvider signIn() {
        if (signIn == null) {
            signIn = DevIdentityProvider.start(keys, DEMO_USERS, fixedPorts ? SIGN_IN_PORT : 0);
        }
        return signIn;
    }

    public ServiceProcess get(String name) {
        return services.get(name);
    }

    /** The MLLP port of this discharge instance ("discharge", "discharge-2", ...). */
    public int mllpPort(String label) {
        return mllpPorts.get(label);
    }

    public DevKeys keys() {
        return keys;
    }

    /** A connection to a service's own database, for tests that look at what it holds. */
    public java.sql.Connection connect(String database) throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password());
    }

    /** The database goes away as in an outage (embedded server only), data kept. */
    public void stopDatabase() {
        postgres.stop();
    }

    /** The database comes back on the same port with the same data. */
    public void startDatabase() {
        postgres.startAgain();
    }

    /** The broker goes away as in an outage, its logs kept ({@link #startInfrastructureForBrokerOutages()} only). */
    public void stopBroker() {
        kafka.stop();
    }

    /** The broker comes back on the same port with the same logs; clients reconnect by themselves. */
    public void startBroker() {
        kafka.startAgain();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * From now on, a service that dies unasked is reported through {@code say} and started again
     * ({@link Supervisor}: 1 s, then twice as long each time; given up on after 5 deaths in 10 minutes).
     */
    public void supervise(java.util.function.Consumer<String> say) {
        supervisor = new Supervisor(say, Duration.ofSeconds(1), 5);
        services.values().forEach(supervisor::watch);
    }

    /** Stops the services together, then the broker and the database they were using. */
    @Override
    public void close() {
        if (supervisor != null) {
            supervisor.close();
        }
        services.values().stream().map(s -> CompletableFuture.runAsync(s::stop)).toList()
                .forEach(CompletableFuture::join);
        if (signIn != null) {
            signIn.close();
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        database.thenAccept(server -> {
            if (server != null) {
                server.close();
            }
        }).exceptionally(failedToStart -> null).join();
    }

    private static Path freshFolder(Path folder) {
        delete(folder);
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
