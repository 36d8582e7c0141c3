package city.onetem.platform.events;

/**
 * Applies one topic's events to a service's state. The {@link IdempotentConsumer} calls it in a
 * transaction, at most once per event (unless the handler {@link #guardsItself}), both for records from Kafka and for parked events an
 * operator replays, which is why a handler names its topic.
 */
public interface EventHandler {

    /** The topic whose events this handler applies. */
    String topic();

    /** Applies the event; throw {@link PoisonEventException} for an event that can never be applied. */
    void apply(InboundEvent event);

    /**
     * Whether events of this type change anything here. Those that do not are passed over
     * without a transaction or a processed_event row: ignoring an event twice is harmless.
     */
    default boolean applies(String type) {
        return true;
    }

    /**
     * True when {@link #apply} is a single statement that carries its own guard against a replay
     * or a late version (an upsert that only moves a resource's version forward): the consumer
     * then runs it on its own, with no transaction around it and no processed_event row, since
     * applying such an event again changes nothing.
     */
    default boolean guardsItself() {
        return false;
    }
}
