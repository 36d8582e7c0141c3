package city.onetem.careplans;

import java.util.Set;

/**
 * A change published on careplans.v1, as the live stream holds it: its place in this instance's
 * reading order ({@code seq}) and in the log, the position a client has reached once it has it,
 * its event type, the resource as published, the clusters and people it names (worked out
 * once here rather than by every open stream), and the trace it arrived in (a W3C traceparent;
 * null when tracing is off or it was read before the streams opened).
 */
record CarePlanChange(long seq, int partition, long offset, StreamPosition positionAfter, String eventId, String type,
        String json, Set<String> concerns, String traceparent) {
}
