package city.onetem.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The 2-hour clock as a team reads it: amber from 90 minutes, red at the breach, stopped by the first visit. */
class UrgentClockTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void amberFromNinetyMinutesRedAtTwoHours() {
        assertEquals(UrgentClock.Level.ON_TIME, at(89).level());
        assertEquals("31 min left, due by 11:00", at(89).label(), "the city's time (GMT in December)");
        assertEquals(UrgentClock.Level.AMBER, at(90).level());
        assertEquals("Due soon: 30 min left, by 11:00", at(90).label());
        assertEquals(UrgentClock.Level.AMBER, at(119).level());
        assertEquals(UrgentClock.Level.BREACHED, at(120).level());
        assertEquals("Breached: due by 11:00, 15 min ago", at(135).label());
    }

    @Test
    void theFirstFaceToFaceContactStopsIt() {
        UrgentClock met = UrgentClock.at(RECEIVED, RECEIVED.plus(Duration.ofMinutes(100)), RECEIVED.plusSeconds(36000));
        assertEquals(UrgentClock.Level.MET, met.level());
        assertEquals("Seen at 10:40, within 2 hours", met.label());
        assertEquals(UrgentClock.Level.MISSED, UrgentClock.at(RECEIVED, RECEIVED.plus(Duration.ofMinutes(121)),
                RECEIVED.plusSeconds(36000)).level());
    }

    @Test
    void readFromTheReferralsClockExtension() throws Exception {
        var referral = new ObjectMapper().readTree("""
                {"resourceType":"ServiceRequest","extension":[{"url":"https://onetem.city/fhir/StructureDefinition/ucr-clock",
                 "extension":[{"url":"received","valueDateTime":"2026-12-01T09:00:00+00:00"}]}]}""");
        assertEquals(UrgentClock.Level.AMBER, UrgentClock.of(referral, RECEIVED.plus(Duration.ofMinutes(95))).level());
        assertNull(UrgentClock.of(new ObjectMapper().readTree("{\"resourceType\":\"ServiceRequest\"}"), RECEIVED),
                "a routine referral has no clock");
    }

    private static UrgentClock at(int minutesAfter) {
        return UrgentClock.at(RECEIVED, null, RECEIVED.plus(Duration.ofMinutes(minutesAfter)));
    }
}
