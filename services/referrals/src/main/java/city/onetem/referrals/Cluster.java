package city.onetem.referrals;

import city.onetem.platform.events.ReferralContract;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One of the city's neighbourhood clusters: GP practices and their multi-disciplinary team. */
@Entity
@Table(name = "cluster")
public class Cluster extends PanacheEntityBase {

    public static final String IDENTIFIER_SYSTEM = ReferralContract.CLUSTER_SYSTEM;

    @Id
    public String code;
    public String name;
}
