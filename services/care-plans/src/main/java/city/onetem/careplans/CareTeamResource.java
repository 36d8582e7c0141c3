package city.onetem.careplans;

import jakarta.ws.rs.Path;
import org.hl7.fhir.r4.model.CareTeam;

@Path("/fhir/CareTeam")
public class CareTeamResource extends PlanPartEndpoint<CareTeam> {

    @Override
    PlanPart<CareTeam> kind() {
        return PlanPart.CARE_TEAM;
    }
}
