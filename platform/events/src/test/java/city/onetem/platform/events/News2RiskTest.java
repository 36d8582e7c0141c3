package city.onetem.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class News2RiskTest {

    @Test
    void bandsFollowTheRoyalCollegeOfPhysicians() {
        assertEquals(News2Risk.LOW, News2Risk.of(0, false));
        assertEquals(News2Risk.LOW, News2Risk.of(4, false));
        assertEquals(News2Risk.LOW_MEDIUM, News2Risk.of(3, true));
        assertEquals(News2Risk.MEDIUM, News2Risk.of(5, false));
        assertEquals(News2Risk.MEDIUM, News2Risk.of(6, true));
        assertEquals(News2Risk.HIGH, News2Risk.of(7, false));
        assertEquals(News2Risk.HIGH, News2Risk.of(12, true));
    }
}
