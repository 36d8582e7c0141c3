package city.onetem.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps what the local stack started running: when a service dies without being asked (a crash,
 * SIGKILL, the out-of-memory killer) it says so at once (which service, its exit code, where its
 * log is) and starts it again, waiting longer after each death; after {@code attempts} deaths
 * within {@link #WINDOW} it gives up on that service, loudly, rather than loop for ever.
 */
public final class Supervisor implements AutoCloseable {

    /** Deaths further apart than this are separate incidents, not a service that keeps failing. */
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration READY = Duration.ofSeconds(120);

    private final Consumer<String> say;
    private final Duration firstDelay;
    private final int attempts;
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-stack-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Deque<Instant>> deaths = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param firstDelay the wait before the first restart; doubled after each death in the window
     * @param attempts the deaths within {@link #WINDOW} after which a service is given up on
     */
    public Supervisor(Consumer<String> say, Duration firstDelay, int attempts) {
        this.say = say;
        this.firstDelay = firstDelay;
        this.attempts = attempts;
    }

    public Supervisor watch(ServiceProcess service) {
        service.whenItDies(code -> died(service, code));
        return this;
    }

    private void died(ServiceProcess service, int code) {
        if (closed) {
            return;
        }
        Deque<Instant> recent = deaths.computeIfAbsent(service.name(), name -> new ArrayDeque<>());
        int count;
        synchronized (recent) {
            Instant now = Instant.now();
            recent.addLast(now);
            while (recent.peekFirst().isBefore(now.minus(WINDOW))) {
                recent.removeFirst();
            }
            count = recent.size();
        }
        String why = code == 137 ? "killed (SIGKILL: out of memory, or by hand)" : code == 143 ? "terminated (SIGTERM)"
                : "exit code " + code;
        if (count > attempts) {
            say.accept("GAVE UP on " + service.name() + ": it died " + count + " times within " + WINDOW.toMinutes()
                    + " minutes (last: " + why + "). The system is NOT fully running. Its log: " + service.log()
                    + ". Fix the cause, then start ./run.sh again.");
            return;
        }
        Duration delay = firstDelay.multipliedBy(1L << Math.min(count - 1, 10));
        say.accept(service.name() + " died (" + why + "); its log: " + service.log() + ". Starting it again in "
                + delay.toMillis() + " ms (" + count + " of " + attempts + " restarts allowed in "
                + WINDOW.toMinutes() + " minutes).");
        restarts.schedule(() -> restart(service, count), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart(ServiceProcess service, int count) {
        if (closed) {
            return;
        }
        try {
            service.start().awaitReady(READY);
            say.accept(service.name() + " is running again (restart " + count + ")");
        } catch (RuntimeException e) {
            // Died again while starting: that death is reported, and counted, as any other. Alive
            // but not ready in time: said here, as nothing else will.
            if (service.isAlive()) {
                say.accept(service.name() + " is running but not ready " + READY.toSeconds() + " s after restart "
                        + count + ": " + e.getMessage());
            }
        }
    }

    /** Stops watching: what is stopped from now on is being stopped on purpose. */
    @Override
    public void close() {
        closed = true;
        restarts.shutdownNow();
    }
}
