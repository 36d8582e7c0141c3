package city.onetem.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/** One service running as its own JVM from its packaged Quarkus app, its log in a file. */
public final class ServiceProcess {

    /**
     * Small heaps and C1 only: the local stack starts fast on 2 cores. Long-running deployments
     * and benchmarks of steady state set {@value #JVM_OPTIONS} (e.g. "-Xmx384m -XX:+UseSerialGC")
     * to let C2 compile too. {@value #SERVICE_NAME} in them becomes each service's name, so that
     * e.g. "-XX:StartFlightRecording=filename=/tmp/{service}.jfr" gives each its own recording
     * (the JVM does not expand %p there).
     */
    public static final String JVM_OPTIONS = "onetem.service.jvm-options";
    static final String SERVICE_NAME = "{service}";
    public static final String LOCAL_JVM_OPTIONS = "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path app;
    private final Path log;
    private final Map<String, String> config = new LinkedHashMap<>();
    private Process process;
    /** Whether this process's startup check has passed once. */
    private volatile boolean hasStarted;
    /** Set while {@link #stop()} runs: an exit then is asked for, not a crash. */
    private volatile boolean stopping;
    private volatile IntConsumer whenItDies;
    /** Where this start's lines begin in the log, which restarts append to. */
    private long logFrom;

    public ServiceProcess(String name, int port, Path root, Path logs) {
        this(name, name, port, root, logs);
    }

    /** @param label this instance's name in logs and messages, e.g. "referrals-2" for a second instance */
    public ServiceProcess(String service, String label, int port, Path root, Path logs) {
        this.name = label;
        this.port = port;
        this.app = root.resolve("services").resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        this.log = logs.resolve(label + ".log");
        config.put("quarkus.http.port", Integer.toString(port));
    }

    /** A configuration property passed to the service as a system property. */
    public ServiceProcess with(String key, String value) {
        config.put(key, value);
        return this;
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public Path log() {
        return log;
    }

    public synchronized ServiceProcess start() {
        if (!Files.exists(app)) {
            throw new IllegalStateException(app + " is missing: build first with ./mvnw -DskipTests package (./run.sh does)");
        }
        hasStarted = false;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(System.getProperty(JVM_OPTIONS, LOCAL_JVM_OPTIONS).replace(SERVICE_NAME, name).trim()
                .split("\\s+")));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", app.toString()));
        try {
            Files.createDirectories(log.getParent());
            logFrom = Files.exists(log) ? Files.size(log) : 0;
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
        Process started = process;
        started.onExit().thenAccept(exited -> {
            IntConsumer listener = whenItDies;
            if (listener != null && isUnasked(started)) {
                listener.accept(exited.exitValue());
            }
        });
        return this;
    }

    /**
     * Tells the listener the exit code whenever the process exits without {@link #stop()} being
     * asked: a crash, an out-of-memory kill, a SIGKILL from outside ({@link Supervisor}).
     */
    public ServiceProcess whenItDies(IntConsumer listener) {
        this.whenItDies = listener;
        return this;
    }

    private synchronized boolean isUnasked(Process exited) {
        return process == exited && !stopping;
    }

    /**
     * Waits until /q/health/started and /q/health/ready both answer 200: consumers have their
     * partitions; database, broker and outbox relay are up. Once this process has started, only
     * readiness, as an orchestrator's startup probe does (SmallRye's metrics-based startup check
     * was seen to stay KO after a broker restart while the channel consumed again).
     */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest started = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/started"))
                .timeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                hasStarted = hasStarted || listening()
                        && HTTP.send(started, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                if (hasStarted && HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for " + name, e);
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    /**
     * Whether this process says it listens on its port: only then is the answer on that port its
     * own, not another server's that took the port first.
     */
    private boolean listening() throws IOException {
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(logFrom);
            return Pattern.compile("Listening on: http://[^\\s]+:" + port + "\\b")
                    .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8)).find();
        }
    }

    /** CPU time the process has used so far (user and system), as the operating system counts it. */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("This system does not report CPU time for " + name));
    }

    /** The operating system's id of the running process (for an operator, or a test playing the OOM killer). */
    public long pid() {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return running.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Stops it as an orchestrator would: SIGTERM, then SIGKILL if it has not gone in 10 s. */
    public void stop() {
        stopping = true;
        try {
            stopNow();
        } finally {
            stopping = false;
        }
    }

    private synchronized void stopNow() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills it with SIGKILL: no shutdown hooks, no chance to finish anything, as in a crash. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
