package city.onetem.careplans;

import city.onetem.platform.store.ResourceVersion;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

@Entity
@Table(name = "task_version")
public class TaskVersion extends ResourceVersion {

    public static List<TaskVersion> of(String id) {
        return list("id = ?1 order by version desc", id);
    }

    public static TaskVersion find(String id, long version) {
        return find("id = ?1 and version = ?2", id, version).firstResult();
    }
}
