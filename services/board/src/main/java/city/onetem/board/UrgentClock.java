package city.onetem.board;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The 2-hour urgent community response clock of one referral, as the team sees it: on time,
 * amber from 90 minutes after the SPA received it, red (breached) at 2 hours, until the first
 * face-to-face contact stops it. The words say the state too: colour is never the only signal.
 */
public record UrgentClock(Level level, Instant due, String label) {

    public enum Level {
        ON_TIME("on-time", "grey"), AMBER("amber", "yellow"), BREACHED("breached", "red"), MET("met", "green"),
        MISSED("missed", "red");

        public final String css;
        /** The NHS.UK tag colour it is shown in (beside its words). */
        public final String tag;

        Level(String css, String tag) {
            this.css = css;
            this.tag = tag;
        }
    }

    static final Duration TARGET = Duration.ofHours(2);
    static final Duration AMBER_FROM = Duration.ofMinutes(90);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("Europe/London"));

    /** The clock on a referral (its ucr-clock extension), or null when it is not a 2-hour urgent response. */
    static UrgentClock of(JsonNode referral, Instant now) {
        JsonNode clock = FhirNames.extension(referral, FhirNames.UCR_CLOCK);
        if (clock.isMissingNode()) {
            return null;
        }
        Instant received = Instant.parse(FhirNames.extension(clock, "received").path("valueDateTime").asText());
        JsonNode seen = FhirNames.extension(clock, "firstFaceToFaceContact");
        return at(received, seen.isMissingNode() ? null : Instant.parse(seen.path("valueDateTime").asText()), now);
    }

    static UrgentClock at(Instant received, Instant firstContact, Instant now) {
        Instant due = received.plus(TARGET);
        if (firstContact != null) {
            return firstContact.isAfter(due)
                    ? new UrgentClock(Level.MISSED, due, "Seen at " + TIME.format(firstContact) + ", after the 2 hours")
                    : new UrgentClock(Level.MET, due, "Seen at " + TIME.format(firstContact) + ", within 2 hours");
        }
        long minutesLeft = Duration.between(now, due).toMinutes();
        if (!now.isBefore(due)) {
            return new UrgentClock(Level.BREACHED, due, "Breached: due by " + TIME.format(due) + ", "
                    + Duration.between(due, now).toMinutes() + " min ago");
        }
        if (!now.isBefore(received.plus(AMBER_FROM))) {
            return new UrgentClock(Level.AMBER, due, "Due soon: " + minutesLeft + " min left, by " + TIME.format(due));
        }
        return new UrgentClock(Level.ON_TIME, due, minutesLeft + " min left, due by " + TIME.format(due));
    }

    /** Still counting: the page counts it down between reads. */
    public boolean running() {
        return level == Level.ON_TIME || level == Level.AMBER || level == Level.BREACHED;
    }
}
