package city.onetem.careplans;

import city.onetem.platform.fhir.CapabilityStatements;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

public class CarePlansCapabilities {

    @Produces
    @Singleton
    CapabilityStatement capabilities() {
        CapabilityStatement statement = CapabilityStatements.server("OneTeamCarePlans",
                "One shared, versioned care plan per person, kept current from referral events");
        CapabilityStatementRestResourceComponent carePlan = CapabilityStatements.resource(statement, "CarePlan",
                TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD, TypeRestfulInteraction.UPDATE, TypeRestfulInteraction.HISTORYINSTANCE,
                TypeRestfulInteraction.SEARCHTYPE);
        carePlan.setDocumentation("Updates need If-Match. Live changes: GET /fhir/CarePlan/_stream?cluster=<code> "
                + "or ?patient.identifier=<NHS number>, Server-Sent Events resumable with Last-Event-ID");
        CapabilityStatements.searchParam(carePlan, "patient.identifier", SearchParamType.TOKEN,
                "The person's NHS number, https://fhir.nhs.uk/Id/nhs-number|<10 digits>; "
                        + "patient:identifier and subject:identifier are accepted too");
        CapabilityStatements.searchParam(carePlan, "status", SearchParamType.TOKEN, "active, completed, revoked, ...");
        CapabilityStatements.searchParam(carePlan, "cluster", SearchParamType.TOKEN,
                "The cluster whose team holds the plan: a team's caseload");
        CapabilityStatements.searchParam(carePlan, "_lastUpdated", SearchParamType.DATE, "gt, ge, lt, le, eq");
        CapabilityStatementRestResourceComponent task = CapabilityStatements.resource(statement, "Task",
                TypeRestfulInteraction.CREATE, TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD,
                TypeRestfulInteraction.HISTORYINSTANCE, TypeRestfulInteraction.SEARCHTYPE);
        CapabilityStatements.searchParam(task, "patient.identifier", SearchParamType.TOKEN, "The person's NHS number");
        CapabilityStatements.searchParam(task, "owner", SearchParamType.TOKEN,
                "The owner's identifier value (a staff id, a cluster code) or name");
        CapabilityStatements.searchParam(task, "status", SearchParamType.TOKEN, "Task status");
        CapabilityStatements.operation(task, "assign", "Give the task to someone ('owner', 'ownerIdentifier')");
        CapabilityStatements.operation(task, "start", "Work on it has started");
        CapabilityStatements.operation(task, "complete", "Done, with an optional 'note'");
        return statement;
    }
}
