package city.onetem.referrals;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A referrer's own identifier for a referral: the same one twice is the same referral. */
@Entity
@Table(name = "referral_identifier")
@IdClass(ReferralIdentifier.Key.class)
public class ReferralIdentifier extends PanacheEntityBase {

    @Id
    public String system;
    @Id
    public String value;
    @Column(name = "referral_id")
    public String referralId;

    public static class Key implements Serializable {
        public String system;
        public String value;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(key.system, system) && Objects.equals(key.value, value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(system, value);
        }
    }
}
