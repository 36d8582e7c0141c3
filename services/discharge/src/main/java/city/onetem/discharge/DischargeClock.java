package city.onetem.discharge;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The time discharge to assess counts days by: delay days begin at midnight in the city's zone.
 * A bean of its own so that tests can move it across midnights and 91 days.
 */
@ApplicationScoped
public class DischargeClock {

    public static final ZoneId CITY = ZoneId.of("Europe/London");

    public Instant now() {
        return Instant.now();
    }

    public LocalDate today() {
        return LocalDate.ofInstant(now(), CITY);
    }
}
