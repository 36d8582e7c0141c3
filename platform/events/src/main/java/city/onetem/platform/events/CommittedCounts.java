package city.onetem.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Counts what a transaction did only once it commits: a change retried after a rollback (a
 * database blip, a redelivered event) is then counted once, as it happened once.
 */
@ApplicationScoped
public class CommittedCounts {

    @Inject
    MeterRegistry registry;
    @Inject
    TransactionSynchronizationRegistry transactions;

    /** Adds one to the counter {@code name} with these tags when the current transaction commits, or now without one. */
    public void count(String name, String... tags) {
        if (transactions.getTransactionKey() == null) {
            registry.counter(name, tags).increment();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    registry.counter(name, tags).increment();
                }
            }
        });
    }
}
