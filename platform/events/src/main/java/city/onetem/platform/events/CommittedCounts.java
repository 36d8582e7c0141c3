package city.onetem.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Counts what a transaction did only once it commits: a change retried after a rollback (a
 * database blip, a redelivered event) is then counted once, as it happened once.
 */
@ApplicationScoped
public class CommittedCounts {

    @Inject
    MeterRegistry registry;
    @Inject
    AfterCommit afterCommit;

    /** Adds one to the counter {@code name} with these tags when the current transaction commits, or now without one. */
    public void count(String name, String... tags) {
        afterCommit.run(() -> registry.counter(name, tags).increment());
    }
}
