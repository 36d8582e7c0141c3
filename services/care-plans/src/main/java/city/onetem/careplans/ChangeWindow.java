package city.onetem.careplans;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The most recent changes on careplans.v1, in the order this instance read them: what every open
 * stream reads from, each at its own place, and what a reconnecting client is resumed from. It
 * holds a fixed number of changes; a new one pushes the oldest out. A change published twice
 * (the outbox relay delivers at least once) is held once: its event id (ce_source, ce_id) is
 * remembered for as long as the change is held. Written by the feed's thread only; read by any.
 */
final class ChangeWindow {

    /** Where a stream starts: the first change to read, and the position its client had already reached. */
    record Start(long seq, StreamPosition from, boolean reset) {
    }

    private final int capacity;
    private final AtomicReferenceArray<CarePlanChange> ring;
    private final Set<String> eventIdsHeld = new HashSet<>();
    /** The sequence number the next change will get; changes from head - capacity on are held. */
    private volatile long head;
    /** The feed's position: past every record read, held or a duplicate. */
    private StreamPosition read;
    /** Per partition, the offset from which every record is held here (or was a duplicate of one held). */
    private StreamPosition heldFrom;

    /** A window filled by reading each partition from these offsets on. */
    ChangeWindow(int capacity, long[] readFrom) {
        this.capacity = capacity;
        this.ring = new AtomicReferenceArray<>(capacity);
        this.read = new StreamPosition(readFrom);
        this.heldFrom = read;
    }

    /** Takes in the next record of a partition; false when it is a change already held (a duplicate). */
    synchronized boolean add(int partition, long offset, String eventId, String type, String json, String traceparent) {
        read = read.after(partition, offset);
        if (eventId != null && !eventIdsHeld.add(eventId)) {
            return false;
        }
        long seq = head;
        int slot = (int) (seq % capacity);
        CarePlanChange oldest = ring.get(slot);
        if (oldest != null) {
            heldFrom = heldFrom.after(oldest.partition(), oldest.offset());
            eventIdsHeld.remove(oldest.eventId());
        }
        ring.set(slot, new CarePlanChange(seq, partition, offset, read, eventId, type, json,
                Following.concernsOf(json), traceparent));
        head = seq + 1;
        return true;
    }

    /** The change with this sequence number, or null when it has not come yet or is no longer held. */
    CarePlanChange at(long seq) {
        if (seq >= head) {
            return null;
        }
        CarePlanChange change = ring.get((int) (seq % capacity));
        return change != null && change.seq() == seq ? change : null;
    }

    /** The sequence number of the oldest change held. */
    long oldest() {
        return Math.max(0, head - capacity);
    }

    /**
     * Where a stream connecting with this Last-Event-ID starts. Without one, at the next change.
     * With one this window still covers, at the first change the client has not had. With one it
     * does not (older than the oldest change held, or not sent by this server), at the next change
     * with {@code reset}: the changes in between cannot be sent, and the client must be told.
     */
    synchronized Start start(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return new Start(head, read, false);
        }
        Optional<StreamPosition> token = StreamPosition.parse(lastEventId, read.partitions());
        if (token.isEmpty() || !covers(token.get())) {
            return new Start(head, read, true);
        }
        StreamPosition from = token.get();
        long seq = oldest();
        while (seq < head && from.passed(at(seq).partition(), at(seq).offset())) {
            seq++;
        }
        return new Start(seq, from, false);
    }

    private boolean covers(StreamPosition token) {
        for (int partition = 0; partition < token.partitions(); partition++) {
            if (token.next(partition) < heldFrom.next(partition)) {
                return false;
            }
        }
        return true;
    }

    synchronized StreamPosition read() {
        return read;
    }

    int size() {
        return (int) Math.min(head, capacity);
    }
}
