package city.onetem.careplans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeWindowTest {

    private static final String PLAN = "{\"resourceType\":\"CarePlan\"}";

    @Test
    void aReconnectGetsEveryChangeAfterItsIdAcrossPartitionsAndNoneTwice() {
        ChangeWindow window = new ChangeWindow(10, new long[] {0, 0});
        window.add(0, 0, "a", "careplan.created.v1", PLAN, null);
        window.add(1, 0, "b", "careplan.created.v1", PLAN, null);
        String seenUpTo = window.at(1).positionAfter().toString();
        window.add(0, 1, "c", "careplan.updated.v1", PLAN, null);
        window.add(1, 1, "d", "careplan.updated.v1", PLAN, null);

        assertEquals(List.of("c", "d"), eventIdsFrom(window, window.start(seenUpTo)));
        assertEquals("0:2,1:2", window.read().toString());
    }

    @Test
    void aReconnectWithAnIdFromAnotherReadingOrderStillGetsExactlyTheRest() {
        // Another instance (or this one before a restart) read partition 1 ahead of partition 0.
        ChangeWindow window = new ChangeWindow(10, new long[] {0, 0});
        window.add(0, 0, "a", "careplan.created.v1", PLAN, null);
        window.add(0, 1, "b", "careplan.updated.v1", PLAN, null);
        window.add(1, 0, "c", "careplan.created.v1", PLAN, null);
        window.add(1, 1, "d", "careplan.updated.v1", PLAN, null);

        assertEquals(List.of("b", "d"), eventIdsFrom(window, window.start("0:1,1:1")));
    }

    @Test
    void aChangePublishedTwiceIsHeldOnceWhileTheFirstIsHeld() {
        ChangeWindow window = new ChangeWindow(2, new long[] {0});
        assertTrue(window.add(0, 0, "a", "careplan.created.v1", PLAN, null));
        assertFalse(window.add(0, 1, "a", "careplan.created.v1", PLAN, null));
        assertEquals(1, window.size());
        assertEquals("0:2", window.read().toString(), "read past the copy all the same");

        window.add(0, 2, "b", "careplan.updated.v1", PLAN, null);
        window.add(0, 3, "c", "careplan.updated.v1", PLAN, null);
        assertTrue(window.add(0, 4, "a", "careplan.created.v1", PLAN, null), "forgotten once the first has left");
    }

    @Test
    void anIdOlderThanTheChangesHeldOrNotOursStartsFromNowWithAReset() {
        ChangeWindow window = new ChangeWindow(2, new long[] {5, 0});
        assertTrue(window.start("0:4,1:0").reset(), "before where this instance began reading");
        assertFalse(window.start("0:5,1:0").reset());

        window.add(0, 5, "a", "careplan.created.v1", PLAN, null);
        window.add(0, 6, "b", "careplan.updated.v1", PLAN, null);
        window.add(1, 0, "c", "careplan.created.v1", PLAN, null);
        assertTrue(window.start("0:5,1:0").reset(), "change a has left the window");
        assertEquals(List.of("b", "c"), eventIdsFrom(window, window.start("0:6,1:0")));

        for (String notOurs : List.of("yesterday", "0:1", "0:6,1:0,2:0", "0:-1,1:0")) {
            ChangeWindow.Start start = window.start(notOurs);
            assertTrue(start.reset(), notOurs);
            assertEquals(window.read(), start.from(), "goes on from now");
            assertNull(window.at(start.seq()));
        }
    }

    @Test
    void withoutAnIdAStreamStartsAtTheNextChange() {
        ChangeWindow window = new ChangeWindow(4, new long[] {0});
        window.add(0, 0, "a", "careplan.created.v1", PLAN, null);
        ChangeWindow.Start start = window.start(null);
        assertFalse(start.reset());
        window.add(0, 1, "b", "careplan.updated.v1", PLAN, null);
        assertEquals(List.of("b"), eventIdsFrom(window, start));
    }

    private static List<String> eventIdsFrom(ChangeWindow window, ChangeWindow.Start start) {
        return replayed(window, start).stream().map(CarePlanChange::eventId).toList();
    }

    /** The held changes a stream starting here sends (before filtering), as LiveStream reads the window. */
    static List<CarePlanChange> replayed(ChangeWindow window, ChangeWindow.Start start) {
        assertFalse(start.reset());
        List<CarePlanChange> sent = new ArrayList<>();
        StreamPosition position = start.from();
        for (CarePlanChange change = window.at(start.seq()); change != null; change = window.at(change.seq() + 1)) {
            if (!position.passed(change.partition(), change.offset())) {
                sent.add(change);
            }
            position = position.furthest(change.positionAfter());
        }
        return sent;
    }
}
