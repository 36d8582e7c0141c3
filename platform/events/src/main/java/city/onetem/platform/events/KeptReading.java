package city.onetem.platform.events;

import java.util.function.Supplier;

/**
 * A reading from the database kept for a few seconds, so that metric scrapes from several
 * Prometheus servers cost one small query at most that often, however many there are.
 */
public final class KeptReading<T> {

    private static final long KEEP_NANOS = 5_000_000_000L;

    private record Kept<T>(T value, long readAtNanos) {
    }

    private final Supplier<T> read;
    private volatile Kept<T> last;

    public KeptReading(Supplier<T> read) {
        this.read = read;
    }

    /** The latest reading, at most a few seconds old. */
    public T now() {
        Kept<T> kept = last;
        long now = System.nanoTime();
        if (kept == null || now - kept.readAtNanos() >= KEEP_NANOS) {
            kept = new Kept<>(read.get(), now);
            last = kept;
        }
        return kept.value();
    }
}
