package city.onetem.careplans;

import jakarta.ws.rs.Path;
import org.hl7.fhir.r4.model.Consent;

/** A person's objections to sharing their record: recorded by their care team, honoured everywhere. */
@Path("/fhir/Consent")
public class ConsentResource extends PlanPartEndpoint<Consent> {

    @Override
    PlanPart<Consent> kind() {
        return PlanPart.CONSENT;
    }
}
