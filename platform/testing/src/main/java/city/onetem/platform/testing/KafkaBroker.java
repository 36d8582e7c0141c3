package city.onetem.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNode;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker (KRaft, one combined broker and controller) in this JVM, or an existing
 * one named by ONETEM_KAFKA_BOOTSTRAP. Ready in a few seconds, no Docker. Its logs are temporary
 * (a clean broker for tests) or kept in a folder across restarts (the local stack).
 */
public final class KafkaBroker implements AutoCloseable {

    /**
     * Any fixed id (16 bytes, Kafka's base64): log directories are formatted for one cluster id,
     * and a broker started on them again must present the same one. The node id is the test
     * kit's own, the same on every start.
     */
    private static final String CLUSTER_ID = "b25ldGVtLWxvY2FsLWthZg";

    private static KafkaBroker shared;

    private final KafkaClusterTestKit cluster;
    private final BrokerProcess process;
    private final String bootstrapServers;

    private KafkaBroker(KafkaClusterTestKit cluster, String bootstrapServers) {
        this.cluster = cluster;
        this.process = null;
        this.bootstrapServers = bootstrapServers;
    }

    private KafkaBroker(BrokerProcess process) {
        this.cluster = null;
        this.process = process;
        this.bootstrapServers = process.bootstrapServers();
    }

    /**
     * A clean broker in a JVM of its own, on fixed ports, that {@link #stop()} and
     * {@link #startAgain()} take down and bring back as an outage would. Its logs stay in the
     * folder (give it a clean one). For tests of what a broker outage does to the services.
     */
    public static KafkaBroker inOwnProcess(Path logDir) {
        return existing().orElseGet(() -> new KafkaBroker(BrokerProcess.start(logDir)));
    }

    /** Stops a broker started {@link #inOwnProcess in its own process}, keeping its logs. */
    public void stop() {
        requireProcess().stop();
    }

    /** Starts it again on the same port with the same logs: clients reconnect by themselves. */
    public void startAgain() {
        requireProcess().startAgain();
    }

    private BrokerProcess requireProcess() {
        if (process == null) {
            throw new IllegalStateException("Only a broker started in its own process is stopped and started again");
        }
        return process;
    }

    /** One broker per JVM, started on first use and stopped when the JVM exits. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            try {
                shared = start(Files.createTempDirectory("onetem-kafka"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-stop"));
        }
        return shared;
    }

    /**
     * Starts a clean broker whose logs live in this folder and are deleted when it closes. (The
     * test kit's own temp folders are deleted by a JVM shutdown hook that can race the broker's
     * shutdown, which then halts the JVM; a folder of ours avoids that.)
     */
    public static KafkaBroker start(Path logDir) {
        return existing().orElseGet(() -> {
            try {
                return start(logDir, false);
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the Kafka broker", e);
            }
        });
    }

    /**
     * Starts a broker on the logs kept in this folder: formatted on the first start, used again
     * (topics, records, committed offsets) by every later one, never deleted here.
     *
     * @throws KeptDataException if the broker cannot start on those logs
     */
    public static KafkaBroker kept(Path logDir) {
        return existing().orElseGet(() -> {
            try {
                return start(logDir, true);
            } catch (Exception e) {
                throw new KeptDataException("Kafka could not start on the logs kept in " + logDir
                        + " (its errors above say why): " + e.getMessage(), e);
            }
        });
    }

    /** The broker ONETEM_KAFKA_BOOTSTRAP names, if it names one. */
    private static Optional<KafkaBroker> existing() {
        String bootstrap = System.getenv("ONETEM_KAFKA_BOOTSTRAP");
        return bootstrap == null || bootstrap.isBlank() ? Optional.empty() : Optional.of(new KafkaBroker(null, bootstrap));
    }

    private static KafkaBroker start(Path logDir, boolean keep) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setClusterId(CLUSTER_ID)
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(logDir)
                .build();
        boolean formatted = keep && isFormatted(nodes);
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                // One broker: internal topics cannot have three replicas, or groups never form.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "3")
                // The controller appends a no-op record to the metadata log every 500 ms by default,
                // to show it is alive to other nodes; one combined node needs that far less often.
                .setConfigProp("metadata.max.idle.interval.ms", "5000")
                .setDeleteOnClose(!keep)
                .build();
        try {
            if (!formatted) {
                cluster.format();
            }
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster, cluster.bootstrapServers());
        } catch (Exception e) {
            try {
                cluster.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Whether every node's directories already carry the meta.properties that formatting writes. */
    private static boolean isFormatted(TestKitNodes nodes) {
        return Stream.concat(nodes.controllerNodes().values().stream(), nodes.brokerNodes().values().stream())
                .flatMap(KafkaBroker::directories)
                .allMatch(directory -> Files.exists(Path.of(directory, "meta.properties")));
    }

    private static Stream<String> directories(TestKitNode node) {
        return Stream.concat(Stream.of(node.metadataDirectory()), node.logDataDirectories().stream());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop the Kafka broker", e);
            }
        }
    }
}
