package city.onetem.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker (KRaft, one combined broker and controller) in this JVM, or an existing
 * one named by ONETEM_KAFKA_BOOTSTRAP. Ready in a few seconds, no Docker.
 */
public final class KafkaBroker implements AutoCloseable {

    private static KafkaBroker shared;

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private KafkaBroker(KafkaClusterTestKit cluster, String bootstrapServers) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
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
     * Starts a broker whose logs live in this folder and are deleted when it closes. (The test
     * kit's own temp folders are deleted by a JVM shutdown hook that can race the broker's
     * shutdown, which then halts the JVM; a folder of ours avoids that.)
     */
    public static KafkaBroker start(Path logDir) {
        String existing = System.getenv("ONETEM_KAFKA_BOOTSTRAP");
        if (existing != null && !existing.isBlank()) {
            return new KafkaBroker(null, existing);
        }
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(logDir)
                    .build();
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                    // One broker: internal topics cannot have three replicas, or groups never form.
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.partitions", "3")
                    .setDeleteOnClose(true)
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster, cluster.bootstrapServers());
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop the Kafka broker", e);
            }
        }
    }
}
