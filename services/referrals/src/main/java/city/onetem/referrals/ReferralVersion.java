package city.onetem.referrals;

import city.onetem.platform.store.ResourceVersion;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

@Entity
@Table(name = "referral_version")
public class ReferralVersion extends ResourceVersion {

    public static List<ReferralVersion> of(String id) {
        return list("id = ?1 order by version desc", id);
    }

    public static ReferralVersion find(String id, long version) {
        return find("id = ?1 and version = ?2", id, version).firstResult();
    }
}
