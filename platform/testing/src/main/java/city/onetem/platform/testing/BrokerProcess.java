package city.onetem.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker (KRaft, combined broker and controller) in a JVM of its own, on fixed ports,
 * for tests that stop it and start it again as an outage would: clients given its address
 * reconnect by themselves once it is back. (The in-JVM test kit binds new ports on every start.)
 * Runs Kafka's own {@code kafka.Kafka} from this JVM's class path.
 */
final class BrokerProcess {

    private static final String CLUSTER_ID = "b25ldGVtLWxvY2FsLWthZg";

    private final Path logDir;
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    private BrokerProcess(Path logDir, int port, int controllerPort) throws IOException {
        this.logDir = logDir;
        this.port = port;
        Files.createDirectories(logDir);
        this.config = logDir.resolveSibling(logDir.getFileName() + ".properties");
        this.log = logDir.resolveSibling(logDir.getFileName() + ".log");
        Files.writeString(config, """
                process.roles=broker,controller
                node.id=1
                listeners=PLAINTEXT://localhost:%d,CONTROLLER://localhost:%d
                advertised.listeners=PLAINTEXT://localhost:%d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                controller.quorum.voters=1@localhost:%d
                log.dirs=%s
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=3
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                group.initial.rebalance.delay.ms=0
                num.partitions=3
                """.formatted(port, controllerPort, port, controllerPort, logDir));
    }

    /** Formats the logs and starts the broker, on two free ports it keeps for every later start. */
    static BrokerProcess start(Path logDir) {
        try {
            BrokerProcess broker = new BrokerProcess(logDir, FreePorts.next(), FreePorts.next());
            broker.run("kafka.tools.StorageTool", "format", "-t", CLUSTER_ID, "-c", broker.config.toString())
                    .waitFor(60, TimeUnit.SECONDS);
            broker.startAgain();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Kafka broker process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Starts it on the same ports and logs, and waits until it takes connections. */
    synchronized void startAgain() {
        try {
            process = run("kafka.Kafka", config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Kafka broker process", e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try (Socket socket = new Socket("localhost", port)) {
                return;
            } catch (IOException e) {
                sleep(100);
            }
        }
        throw new IllegalStateException("The Kafka broker did not start; see " + log);
    }

    /** Stops it as an orchestrator would (SIGTERM, SIGKILL after 20 s), logs kept. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private Process run(String mainClass, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
