package city.onetem.referrals;

import city.onetem.platform.store.VersionedResource;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

/** A referral to the Single Point of Access, held as its current FHIR ServiceRequest. */
@Entity
@Table(name = "referral")
public class Referral extends VersionedResource {

    public static List<Referral> forPerson(String nhsNumber) {
        return list("nhsNumber = ?1 order by lastUpdated desc", nhsNumber);
    }
}
