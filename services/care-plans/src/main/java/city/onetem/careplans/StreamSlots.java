package city.onetem.careplans;

import city.onetem.platform.fhir.FhirException;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many live streams this instance keeps open: at most so many per caller (the token's
 * subject), so one misbehaving client cannot take them all, and so many in all, each holding a
 * connection. Past either, a 429 that says which limit and what to do.
 */
@Singleton
class StreamSlots {

    /** A stream frees its slot when its connection closes; the 15 s keep-alive finds any close that went unheard. */
    static final int RETRY_AFTER_SECONDS = 15;

    private final int perCaller;
    private final int total;
    private final Map<String, Integer> openByCaller = new HashMap<>();
    private int open;

    StreamSlots(@ConfigProperty(name = "onetem.stream.max-per-caller") int perCaller,
            @ConfigProperty(name = "onetem.stream.max-open") int total) {
        this.perCaller = perCaller;
        this.total = total;
    }

    /** A slot for one more stream of this caller; run what it returns, once or more, when the stream closes. */
    synchronized Runnable take(String caller) {
        if (openByCaller.getOrDefault(caller, 0) >= perCaller) {
            throw FhirException.tooManyRequests("You already have " + perCaller + " live care plan streams open on this "
                    + "server, the most one caller may have: close one you no longer read (one stream can follow "
                    + "a whole cluster), then connect again", RETRY_AFTER_SECONDS);
        }
        if (open >= total) {
            throw FhirException.tooManyRequests("This server already has " + total + " live care plan streams open, "
                    + "the most it keeps: connect again after Retry-After seconds", RETRY_AFTER_SECONDS);
        }
        openByCaller.merge(caller, 1, Integer::sum);
        open++;
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release(caller);
            }
        };
    }

    private synchronized void release(String caller) {
        openByCaller.computeIfPresent(caller, (who, count) -> count == 1 ? null : count - 1);
        open--;
    }
}
