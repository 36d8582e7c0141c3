package city.onetem.discharge.hl7;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Minimal Lower Layer Protocol listener hospital interface engines send ADT to: each message
 * framed as 0x0B, the message, 0x1C 0x0D; each answered on the same connection with its ACK,
 * framed the same way, in the order the messages came. MLLP has no authentication of its own:
 * it belongs on the hospital's private network or behind a TLS tunnel (see docs/integration).
 */
@ApplicationScoped
public class MllpListener {

    static final byte START_BLOCK = 0x0B;
    static final byte END_BLOCK = 0x1C;
    static final byte CARRIAGE_RETURN = 0x0D;

    private static final Logger LOG = Logger.getLogger(MllpListener.class);

    @Inject
    Vertx vertx;
    @Inject
    AdtFeed feed;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "onetem.mllp.port", defaultValue = "2575")
    int port;
    @ConfigProperty(name = "onetem.mllp.host", defaultValue = "0.0.0.0")
    String host;
    /** A frame larger than this is not an ADT message: the connection is closed rather than buffer without end. */
    @ConfigProperty(name = "onetem.mllp.max-message-bytes", defaultValue = "1048576")
    int maxMessageBytes;
    @ConfigProperty(name = "onetem.mllp.workers", defaultValue = "8")
    int workers;
    /**
     * The hospitals (ODS codes, MSH-4) this listener takes ADT for; unset, any: the listener is then
     * reachable only by the hospitals' own feeds (its network, or a TLS-terminating proxy that
     * admits them). Set it when one port serves known hospitals.
     */
    @ConfigProperty(name = "onetem.mllp.hospitals")
    Optional<Set<String>> hospitals;

    private NetServer server;
    private WorkerExecutor executor;
    private final AtomicInteger connections = new AtomicInteger();

    void start(@Observes StartupEvent started) throws Exception {
        Gauge.builder("onetem.mllp.connections", connections, AtomicInteger::get)
                .description("Hospital feeds connected over MLLP now").register(registry);
        executor = vertx.createSharedWorkerExecutor("mllp", workers);
        server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true))
                .connectHandler(this::connected);
        server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("MLLP listener on %s:%d", host, server.actualPort());
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (server != null) {
            server.close();
        }
        if (executor != null) {
            executor.close();
        }
    }

    /** The port listened on (the configured one, or the one chosen when configured as 0). */
    public int port() {
        return server.actualPort();
    }

    /** Whether it is listening: from the start until the service stops. */
    public boolean listening() {
        return server != null && server.actualPort() > 0;
    }

    /** Senders connected now. */
    public int connections() {
        return connections.get();
    }

    private void connected(NetSocket socket) {
        connections.incrementAndGet();
        socket.closeHandler(closed -> connections.decrementAndGet());
        new Connection(socket).listen();
    }

    /** One sender's connection: frames read as they arrive, answered one at a time in order. */
    private final class Connection {
        private final NetSocket socket;
        private final Queue<byte[]> waiting = new ArrayDeque<>();
        private Buffer pending = Buffer.buffer();
        private boolean busy;

        Connection(NetSocket socket) {
            this.socket = socket;
        }

        void listen() {
            socket.handler(this::received);
        }

        private void received(Buffer data) {
            pending.appendBuffer(data);
            int start;
            while ((start = indexOf(pending, START_BLOCK, 0)) >= 0) {
                int end = indexOf(pending, END_BLOCK, start + 1);
                if (end < 0) {
                    break;
                }
                waiting.add(pending.getBytes(start + 1, end));
                // The CR after 0x1C ends the frame; a sender that leaves it out is answered all the same.
                pending = pending.getBuffer(end + 1, pending.length());
            }
            if (pending.length() > maxMessageBytes) {
                LOG.warnf("MLLP sender %s sent over %d bytes without an end block: connection closed",
                        socket.remoteAddress(), maxMessageBytes);
                socket.close();
                return;
            }
            next();
        }

        private void next() {
            if (busy || waiting.isEmpty()) {
                return;
            }
            busy = true;
            byte[] frame = waiting.poll();
            Charset charset = charsetOf(frame);
            executor.<String>executeBlocking(() -> feed.receive(new String(frame, charset),
                    hospital -> hospitals.map(known -> known.contains(hospital)).orElse(true)), false)
                    .onComplete(done -> {
                        String ack = done.succeeded() ? done.result() : null;
                        if (ack == null) {
                            LOG.error("MLLP message not answered", done.cause());
                            socket.close();
                            return;
                        }
                        Buffer framed = Buffer.buffer().appendByte(START_BLOCK).appendBytes(ack.getBytes(charset))
                                .appendByte(END_BLOCK).appendByte(CARRIAGE_RETURN);
                        socket.write(framed);
                        busy = false;
                        next();
                    });
        }
    }

    /** UTF-8 unless the message says ISO 8859-1 in MSH-18 (HL7 table 0211: 8859/1). */
    static Charset charsetOf(byte[] frame) {
        String header = new String(frame, 0, Math.min(frame.length, 512), StandardCharsets.ISO_8859_1);
        return MessageHeader.of(header).characterSet().startsWith("8859/1") ? StandardCharsets.ISO_8859_1
                : StandardCharsets.UTF_8;
    }

    private static int indexOf(Buffer buffer, byte wanted, int from) {
        for (int i = from; i < buffer.length(); i++) {
            if (buffer.getByte(i) == wanted) {
                return i;
            }
        }
        return -1;
    }
}
