package city.onetem.referrals;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Which cluster a registered GP practice belongs to, from the practice table. */
@ApplicationScoped
public class ClusterDirectory {

    public Optional<Cluster> clusterFor(String practiceOds) {
        if (practiceOds == null) {
            return Optional.empty();
        }
        return Practice.<Practice>findByIdOptional(practiceOds).map(p -> Cluster.findById(p.clusterCode));
    }

    public String nameOf(String clusterCode) {
        if (clusterCode == null) {
            return null;
        }
        Cluster cluster = Cluster.findById(clusterCode);
        return cluster == null ? clusterCode : cluster.name;
    }
}
