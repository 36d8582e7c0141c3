package city.onetem.careplans;

import city.onetem.platform.store.ResourceVersion;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

@Entity
@Table(name = "plan_part_version")
public class PlanPartVersion extends ResourceVersion {

    public static List<PlanPartVersion> of(String id) {
        return list("id = ?1 order by version desc", id);
    }

    public static PlanPartVersion find(String id, long version) {
        return find("id = ?1 and version = ?2", id, version).firstResult();
    }
}
