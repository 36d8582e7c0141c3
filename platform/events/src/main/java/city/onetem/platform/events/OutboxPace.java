package city.onetem.platform.events;

/**
 * How fast the relay is sending: busy when at least {@code busyFrom} events went out in the last
 * whole second, or already in this one. The relay lingers only when busy, so a burst of a few
 * events (a triage and an accept a moment apart) is sent at once and only a steady flow waits to
 * be sent together. Times are {@link System#nanoTime()} readings, given so that tests can set them.
 */
final class OutboxPace {

    private static final long SECOND = 1_000_000_000L;

    private final int busyFrom;
    private long secondFrom;
    private int thisSecond;
    private int lastSecond;

    OutboxPace(int busyFrom, long now) {
        this.busyFrom = busyFrom;
        this.secondFrom = now;
    }

    void sent(int events, long now) {
        roll(now);
        thisSecond += events;
    }

    boolean busy(long now) {
        roll(now);
        return Math.max(lastSecond, thisSecond) >= busyFrom;
    }

    private void roll(long now) {
        long elapsed = now - secondFrom;
        if (elapsed >= SECOND) {
            // A second or more with nothing sent since the last count: that second was quiet.
            lastSecond = elapsed < 2 * SECOND ? thisSecond : 0;
            thisSecond = 0;
            secondFrom = now;
        }
    }
}
