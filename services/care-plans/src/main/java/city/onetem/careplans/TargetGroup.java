package city.onetem.careplans;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Set;
import java.util.TreeSet;

/** A group a cluster looks for in its caseload (heart failure, palliative, ...): data, not code. */
@Entity
@Table(name = "target_group")
public class TargetGroup extends PanacheEntityBase {

    @Id
    public String code;
    public String name;

    static Set<String> codes() {
        Set<String> codes = new TreeSet<>();
        TargetGroup.<TargetGroup>listAll().forEach(group -> codes.add(group.code));
        return codes;
    }
}
