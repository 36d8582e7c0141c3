package city.onetem.platform.events;

/**
 * The service is stopping with this record in hand: it is neither applied nor acknowledged, and
 * Kafka delivers it again after the restart. The designed path, not a failure: the log says so
 * in one INFO line ({@link RedeliveryLogFilter}), not as ERRORs with stack traces.
 */
public final class LeftForRedelivery extends IllegalStateException {

    private static volatile boolean stopping;

    LeftForRedelivery(String message, Throwable cause) {
        super(message, cause);
    }

    /** From now on this service is stopping: consumers leave what they hold for redelivery. */
    static void serviceStopping() {
        stopping = true;
    }

    static boolean stopping() {
        return stopping;
    }

    /** This exception, where a failure was caused by it; null otherwise. */
    static LeftForRedelivery in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof LeftForRedelivery left) {
                return left;
            }
        }
        return null;
    }
}
