package city.onetem.referrals;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** Which cluster a registered GP practice belongs to, from the practice table. */
@ApplicationScoped
public class ClusterDirectory {

    /** A cluster as routing names it: its code and the name people read. */
    public record Route(String code, String name) {
    }

    /**
     * The cluster of a practice, read in one statement on the session's connection: on every
     * intake, two entity lookups through Hibernate cost a fourteenth of the SPA's CPU.
     */
    public Optional<Route> clusterFor(String practiceOds) {
        if (practiceOds == null) {
            return Optional.empty();
        }
        return Cluster.getSession().doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement("""
                    select c.code, c.name from practice p join cluster c on c.code = p.cluster_code
                    where p.ods_code = ?""")) {
                query.setString(1, practiceOds);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(new Route(row.getString(1), row.getString(2)))
                            : Optional.<Route>empty();
                }
            }
        });
    }

    public String nameOf(String clusterCode) {
        if (clusterCode == null) {
            return null;
        }
        Cluster cluster = Cluster.findById(clusterCode);
        return cluster == null ? clusterCode : cluster.name;
    }
}
