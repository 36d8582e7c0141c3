package city.onetem.careplans;

import jakarta.ws.rs.Path;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

@Path("/fhir/QuestionnaireResponse")
public class QuestionnaireResponseResource extends PlanPartEndpoint<QuestionnaireResponse> {

    @Override
    PlanPart<QuestionnaireResponse> kind() {
        return PlanPart.ASSESSMENT;
    }
}
