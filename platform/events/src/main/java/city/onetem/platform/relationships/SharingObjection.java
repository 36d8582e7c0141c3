package city.onetem.platform.relationships;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One organisation a person refused to share their record with ({@link Objections}). */
@Entity
@Table(name = "sharing_objection")
public class SharingObjection extends PanacheEntityBase {

    @Id
    public Long id;
    @Column(name = "consent_id")
    public String consentId;
    @Column(name = "nhs_number")
    public String nhsNumber;
    /** An ODS code, or {@link Objections#EVERYONE}: everyone outside the keeper. */
    public String recipient;
    /** The ODS code of the organisation that recorded the objection. */
    public String keeper;
}
