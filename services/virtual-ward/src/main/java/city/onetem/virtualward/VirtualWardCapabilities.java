package city.onetem.virtualward;

import city.onetem.platform.fhir.CapabilityStatements;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/** What the virtual ward service supports over FHIR so far: admissions to the wards. */
public class VirtualWardCapabilities {

    @Produces
    @Singleton
    CapabilityStatement capabilities() {
        CapabilityStatement statement = CapabilityStatements.server("VirtualWard",
                "Hospital at home: admissions to the city's virtual wards (observations, NEWS2 and escalation to come)");
        CapabilityStatementRestResourceComponent stay = CapabilityStatements.resource(statement, "EpisodeOfCare",
                TypeRestfulInteraction.CREATE, TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD,
                TypeRestfulInteraction.SEARCHTYPE);
        stay.setDocumentation("A stay on a virtual ward. Create admits: type (" + WardStay.WARD_SYSTEM + " code), "
                + "patient.identifier (NHS number), careManager (the responsible clinician), extension "
                + WardStay.ROUTE_EXTENSION + " (step-up or step-down). A full ward refuses (422) unless extension "
                + WardStay.CAPACITY_OVERRIDE_EXTENSION + " names the clinician and reason; a person already on a "
                + "ward is refused (409).");
        CapabilityStatements.searchParam(stay, "patient.identifier", SearchParamType.TOKEN,
                "The person's NHS number, https://fhir.nhs.uk/Id/nhs-number|<10 digits>");
        CapabilityStatements.searchParam(stay, "status", SearchParamType.TOKEN, "active, finished");
        CapabilityStatements.paging(stay);
        return statement;
    }
}
