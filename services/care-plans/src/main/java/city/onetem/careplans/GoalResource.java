package city.onetem.careplans;

import jakarta.ws.rs.Path;
import org.hl7.fhir.r4.model.Goal;

@Path("/fhir/Goal")
public class GoalResource extends PlanPartEndpoint<Goal> {

    @Override
    PlanPart<Goal> kind() {
        return PlanPart.GOAL;
    }
}
