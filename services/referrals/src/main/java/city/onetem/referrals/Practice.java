package city.onetem.referrals;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A GP practice by ODS code, and the cluster its registered patients are routed to. */
@Entity
@Table(name = "practice")
public class Practice extends PanacheEntityBase {

    @Id
    @Column(name = "ods_code")
    public String odsCode;
    public String name;
    @Column(name = "cluster_code")
    public String clusterCode;
}
