package city.onetem.platform.events;

/**
 * Applies one topic's events to a service's state. The {@link IdempotentConsumer} calls it in a
 * transaction, at most once per event (as its {@link #guard} says), both for records from Kafka and for parked events an
 * operator replays, which is why a handler names its topic.
 */
public interface EventHandler {

    /** The topic whose events this handler applies. */
    String topic();

    /** Applies the event; throw {@link PoisonEventException} for an event that can never be applied. */
    void apply(InboundEvent event);

    /**
     * Applies one poll's events, in order, in the caller's one transaction ({@link Guard#ONE_STATEMENT}
     * handlers only, {@link IdempotentConsumer#consumeAll}): one at a time unless the handler can
     * send them to the database together.
     */
    default void applyAll(java.util.List<InboundEvent> events) {
        events.forEach(this::apply);
    }

    /**
     * Whether events of this type change anything here. Those that do not are passed over
     * without a transaction or a processed_event row: ignoring an event twice is harmless.
     */
    default boolean applies(String type) {
        return true;
    }

    /** What keeps an event from being applied twice here. */
    enum Guard {
        /** A processed_event row for the event's id, written in its transaction: the default. */
        EVENT_ID,
        /**
         * The handler moves the resource's version forward ({@link IdempotentConsumer#isNewer})
         * before it changes anything, in the event's transaction: a replay, or the same version
         * under another id, finds that version there and changes nothing. No processed_event row.
         */
        RESOURCE_VERSION,
        /**
         * The handler's one statement moves the version forward and makes the change together
         * (a versioned upsert): no processed_event row, and no transaction around it either.
         */
        ONE_STATEMENT
    }

    default Guard guard() {
        return Guard.EVENT_ID;
    }
}
