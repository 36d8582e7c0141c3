package city.onetem.discharge;

import city.onetem.platform.fhir.CapabilityStatements;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.CapabilityStatement;

/** No resource interactions yet: admissions, discharges and D2A pathways come with their issue. */
public class DischargeCapabilities {

    @Produces
    @Singleton
    CapabilityStatement capabilities() {
        return CapabilityStatements.server("DischargeToAssess",
                "Hospital discharge hub integration: admissions, discharge to assess pathways 0-3 and delays");
    }
}
