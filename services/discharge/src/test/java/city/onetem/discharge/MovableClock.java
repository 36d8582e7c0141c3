package city.onetem.discharge;

import java.time.Instant;

/** The discharge clock at a time the test chooses, moved across midnights and 91 days. */
class MovableClock extends DischargeClock {

    private Instant now;

    MovableClock(String now) {
        this.now = Instant.parse(now);
    }

    void set(String instant) {
        now = Instant.parse(instant);
    }

    @Override
    public Instant now() {
        return now;
    }
}
