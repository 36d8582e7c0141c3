package city.onetem.platform.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutboxPaceTest {

    static final long MS = 1_000_000L;

    @Test
    void aFewEventsAMomentApartAreNotBusy() {
        OutboxPace pace = new OutboxPace(100, 0);
        pace.sent(1, 0);
        pace.sent(1, 3 * MS);
        assertFalse(pace.busy(4 * MS), "a triage and an accept are sent at once, not held back");
    }

    @Test
    void aSteadyFlowIsBusyWhileItLastsAndNotOnceItStops() {
        OutboxPace pace = new OutboxPace(100, 0);
        for (int i = 0; i < 150; i++) {
            pace.sent(1, i * 6 * MS); // 150 events 6 ms apart: about 167 a second
        }
        assertTrue(pace.busy(900 * MS), "busy within the first second, once 100 have gone");
        assertTrue(pace.busy(1_500 * MS), "still busy in the next second, from the one before");
        assertFalse(pace.busy(3_200 * MS), "a quiet second later, an event is sent at once again");
    }

    @Test
    void fewerThanTheRateIsNotBusy() {
        OutboxPace pace = new OutboxPace(100, 0);
        for (int i = 0; i < 50; i++) {
            pace.sent(1, i * 20 * MS); // 50 a second
        }
        assertFalse(pace.busy(1_100 * MS));
    }
}
