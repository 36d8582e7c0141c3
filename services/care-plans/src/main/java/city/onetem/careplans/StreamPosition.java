package city.onetem.careplans;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a care plan stream has got to in careplans.v1: per partition, the offset of the first
 * record it has not yet passed on or filtered out. It is the SSE event id ("0:12,1:40,2:7"),
 * opaque to clients, and comes back as Last-Event-ID. Immutable.
 */
final class StreamPosition {

    private final long[] next;

    StreamPosition(long[] next) {
        this.next = next.clone();
    }

    /**
     * The position a token names, or empty when this server did not send it (not the format, or
     * a partition this topic lacks). A partition missing from the token is read from its start:
     * one added to the topic after the token was sent.
     */
    static Optional<StreamPosition> parse(String token, int partitions) {
        long[] next = new long[partitions];
        try {
            for (String part : token.split(",")) {
                String[] pair = part.split(":", 2);
                int partition = Integer.parseInt(pair[0].trim());
                long offset = Long.parseLong(pair[1].trim());
                if (partition < 0 || partition >= partitions || offset < 0) {
                    return Optional.empty();
                }
                next[partition] = offset;
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(new StreamPosition(next));
    }

    int partitions() {
        return next.length;
    }

    long next(int partition) {
        return next[partition];
    }

    /** Whether the record at this offset is before this position: already passed on or filtered out. */
    boolean passed(int partition, long offset) {
        return offset < next[partition];
    }

    /** This position moved past the record at this offset. */
    StreamPosition after(int partition, long offset) {
        long[] moved = next.clone();
        moved[partition] = Math.max(moved[partition], offset + 1);
        return new StreamPosition(moved);
    }

    /** Past everything either position is past. */
    StreamPosition furthest(StreamPosition other) {
        long[] furthest = next.clone();
        for (int partition = 0; partition < furthest.length; partition++) {
            furthest[partition] = Math.max(furthest[partition], other.next[partition]);
        }
        return new StreamPosition(furthest);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StreamPosition position && Arrays.equals(next, position.next);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(next);
    }

    @Override
    public String toString() {
        StringBuilder token = new StringBuilder();
        for (int partition = 0; partition < next.length; partition++) {
            token.append(partition == 0 ? "" : ",").append(partition).append(':').append(next[partition]);
        }
        return token.toString();
    }
}
