package city.onetem.virtualward;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An alert that a person's complete set of readings is overdue: open until the next set is scored. */
@Entity
@Table(name = "missed_reading")
public class MissedReading extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "ward_stay_id")
    public String wardStayId;
    @Column(name = "nhs_number")
    public String nhsNumber;
    @Column(name = "last_set_at")
    public Instant lastSetAt;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "raised_at")
    public Instant raisedAt;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    public String flag;

    static MissedReading openFor(String wardStayId) {
        return find("wardStayId = ?1 and resolvedAt is null", wardStayId).firstResult();
    }
}
