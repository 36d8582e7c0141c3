package city.onetem.careplans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.fhir.FhirException;
import org.junit.jupiter.api.Test;

class StreamSlotsTest {

    @Test
    void aCallerPastTheirLimitIsToldToCloseOneAndAClosedOneFreesItsSlot() {
        StreamSlots slots = new StreamSlots(2, 10);
        Runnable first = slots.take("ann");
        slots.take("ann");
        FhirException refused = assertThrows(FhirException.class, () -> slots.take("ann"));
        assertEquals(429, refused.status());
        assertEquals(StreamSlots.RETRY_AFTER_SECONDS, refused.retryAfterSeconds());
        assertTrue(refused.getMessage().contains("close one"), refused.getMessage());
        slots.take("raj");

        first.run();
        first.run(); // closing twice frees one slot, not two
        slots.take("ann");
        assertThrows(FhirException.class, () -> slots.take("ann"));
    }

    @Test
    void pastTheInstancesLimitEveryoneWaits() {
        StreamSlots slots = new StreamSlots(5, 2);
        slots.take("ann");
        Runnable raj = slots.take("raj");
        FhirException refused = assertThrows(FhirException.class, () -> slots.take("sam"));
        assertEquals(429, refused.status());
        assertTrue(refused.getMessage().contains("2 live care plan streams open"), refused.getMessage());
        raj.run();
        slots.take("sam");
    }
}
