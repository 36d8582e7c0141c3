package city.onetem.virtualward;

import city.onetem.platform.fhir.CapabilityStatements;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.CapabilityStatement;

/** No resource interactions yet: ward stays, observations and NEWS2 escalation come with their issue. */
public class VirtualWardCapabilities {

    @Produces
    @Singleton
    CapabilityStatement capabilities() {
        return CapabilityStatements.server("VirtualWard",
                "Hospital at home: remote monitoring, NEWS2 scoring and escalation");
    }
}
