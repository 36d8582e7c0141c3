package city.onetem.virtualward;

import city.onetem.platform.store.ResourceVersion;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

@Entity
@Table(name = "ward_stay_version")
public class WardStayVersion extends ResourceVersion {

    public static List<WardStayVersion> of(String id) {
        return list("id = ?1 order by version desc", id);
    }

    public static WardStayVersion find(String id, long version) {
        return find("id = ?1 and version = ?2", id, version).firstResult();
    }
}
