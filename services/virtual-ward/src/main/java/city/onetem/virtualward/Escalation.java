package city.onetem.virtualward;

import city.onetem.platform.events.News2Risk;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * An escalation a NEWS2 score raised: open until a clinician acknowledges it, active until the
 * person's score is low again or their stay ends. Its Flag says so on the person's record; its
 * Task asks the responsible clinician to respond by {@code dueAt}.
 */
@Entity
@Table(name = "escalation")
public class Escalation extends PanacheEntityBase {

    public static final String OPEN = "open";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RESOLVED = "resolved";

    @Id
    public String id;
    @Column(name = "ward_stay_id")
    public String wardStayId;
    @Column(name = "nhs_number")
    public String nhsNumber;
    /** The NEWS2 risk's code: low-medium, medium or high. */
    public String level;
    public short score;
    @Column(name = "news2_id")
    public String news2Id;
    @Column(name = "raised_at")
    public Instant raisedAt;
    @Column(name = "due_at")
    public Instant dueAt;
    public String status;
    @Column(name = "acknowledged_by")
    public String acknowledgedBy;
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;
    public long version;
    @Column(name = "last_updated")
    public Instant lastUpdated;
    public String flag;
    public String task;

    News2Risk risk() {
        return News2Risk.byCode(level).orElseThrow();
    }

    static List<Escalation> activeFor(String wardStayId) {
        return list("wardStayId = ?1 and status <> ?2", wardStayId, RESOLVED);
    }
}
