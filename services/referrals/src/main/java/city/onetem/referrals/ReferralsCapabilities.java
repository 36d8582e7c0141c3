package city.onetem.referrals;

import city.onetem.platform.fhir.CapabilityStatements;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

public class ReferralsCapabilities {

    @Produces
    @Singleton
    CapabilityStatement capabilities() {
        CapabilityStatement statement = CapabilityStatements.server("SinglePointOfAccess",
                "The city's one front door for community health and social care referrals");
        CapabilityStatementRestResourceComponent serviceRequest = CapabilityStatements.resource(statement,
                "ServiceRequest", TypeRestfulInteraction.CREATE, TypeRestfulInteraction.READ,
                TypeRestfulInteraction.VREAD, TypeRestfulInteraction.HISTORYINSTANCE,
                TypeRestfulInteraction.SEARCHTYPE);
        CapabilityStatements.searchParam(serviceRequest, "patient.identifier", SearchParamType.TOKEN,
                "The person's NHS number, https://fhir.nhs.uk/Id/nhs-number|<10 digits>; "
                        + "patient:identifier and subject:identifier are accepted too");
        return statement;
    }
}
