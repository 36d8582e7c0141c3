package city.onetem.platform.fhir;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Builds the FhirContext and the models of the resources every service handles while it starts,
 * not on the first request: the scan takes one to two seconds that a referral should not wait.
 */
@ApplicationScoped
public class FhirWarmup {

    void warm(@Observes StartupEvent event) {
        for (Resource resource : new Resource[] {new ServiceRequest(), new CarePlan(), new Bundle(),
                new OperationOutcome()}) {
            Fhir.parse(resource.getClass(), Fhir.toJson(resource.setId("warmup")));
        }
    }
}
