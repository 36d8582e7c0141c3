package city.onetem.platform.events;

/** Exponential backoff between retries: 200 ms doubling to 5 s, back to the start after a success. */
final class Backoff {

    private long millis;

    long next() {
        millis = Math.min(Math.max(millis * 2, 200), 5_000);
        return millis;
    }

    void reset() {
        millis = 0;
    }
}
