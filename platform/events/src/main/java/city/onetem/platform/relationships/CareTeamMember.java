package city.onetem.platform.relationships;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user or cluster team a person's CareTeam names, as this service last heard ({@link PlanHolders}). */
@Entity
@Table(name = "care_team_member")
public class CareTeamMember extends PanacheEntityBase {

    @Id
    public Long id;
    @Column(name = "nhs_number")
    public String nhsNumber;
    /** "system|value": https://onetem.city/Id/user|sub or https://onetem.city/Id/cluster|code. */
    public String member;
}
