package city.onetem.virtualward;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An Observation as received (a reading) or as scored here (a NEWS2 score). Observations are not
 * changed once recorded: a correction is a new reading. A reading keeps what NEWS2 reads of it
 * ({@code vital}, {@code reading}) so that a set is scored without parsing its resources again.
 */
@Entity
@Table(name = "observation")
public class WardObservation extends PanacheEntityBase {

    /** {@code code} of a NEWS2 score; a reading's is its vital's name. */
    public static final String NEWS2 = "news2";

    @Id
    public String id;
    @Column(name = "ward_stay_id")
    public String wardStayId;
    @Column(name = "nhs_number")
    public String nhsNumber;
    public String vital;
    /** A measured value in its unit, a consciousness code, or "oxygen" / "air". */
    public String reading;
    public String code;
    @Column(name = "effective_at")
    public Instant effectiveAt;
    @Column(name = "news2_score")
    public Short news2Score;
    @Column(name = "last_updated")
    public Instant lastUpdated;
    public String resource;

    /** The reading as NEWS2 scores it. */
    Reading toReading() {
        Vital which = Vital.valueOf(vital);
        return switch (which) {
            case CONSCIOUSNESS -> Reading.consciousness(Consciousness.of(reading).orElseThrow(), effectiveAt);
            case AIR_OR_OXYGEN -> Reading.airOrOxygen("oxygen".equals(reading), effectiveAt);
            default -> Reading.measured(which, new BigDecimal(reading), effectiveAt);
        };
    }

    static String asText(Reading reading) {
        return switch (reading.vital()) {
            case CONSCIOUSNESS -> reading.consciousness().code();
            case AIR_OR_OXYGEN -> reading.onOxygen() ? "oxygen" : "air";
            default -> reading.measured().toPlainString();
        };
    }

    /** When the stay's latest complete set was taken, if one was ever scored. */
    static java.util.Optional<Instant> lastScored(String wardStayId) {
        return find("wardStayId = ?1 and code = ?2 order by effectiveAt desc", wardStayId, NEWS2)
                .<WardObservation>firstResultOptional().map(news2 -> news2.effectiveAt);
    }

    /** The stay's readings taken in [from, to], oldest first. */
    static List<WardObservation> readingsOf(String wardStayId, Instant from, Instant to) {
        return list("wardStayId = ?1 and vital is not null and effectiveAt >= ?2 and effectiveAt <= ?3 "
                + "order by effectiveAt, lastUpdated", wardStayId, from, to);
    }
}
