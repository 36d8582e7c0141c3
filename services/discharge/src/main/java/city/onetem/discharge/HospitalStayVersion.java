package city.onetem.discharge;

import city.onetem.platform.store.ResourceVersion;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

@Entity
@Table(name = "hospital_stay_version")
public class HospitalStayVersion extends ResourceVersion {

    public static List<HospitalStayVersion> of(String id) {
        return list("id = ?1 order by version desc", id);
    }

    public static HospitalStayVersion find(String id, long version) {
        return find("id = ?1 and version = ?2", id, version).firstResult();
    }
}
