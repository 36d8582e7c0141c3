package city.onetem.careplans;

import city.onetem.platform.fhir.CapabilityStatements;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

public class CarePlansCapabilities {

    @Produces
    @Singleton
    CapabilityStatement capabilities() {
        CapabilityStatement statement = CapabilityStatements.server("OneTeamCarePlans",
                "One shared, versioned care plan per person, with its care team, goals, common trusted assessment and "
                        + "tasks, kept current from referral, discharge and virtual ward events");
        CapabilityStatementRestResourceComponent carePlan = CapabilityStatements.resource(statement, "CarePlan",
                TypeRestfulInteraction.CREATE, TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD,
                TypeRestfulInteraction.UPDATE, TypeRestfulInteraction.HISTORYINSTANCE, TypeRestfulInteraction.SEARCHTYPE);
        carePlan.setDocumentation("One active plan per person (a second create is 409). Updates need If-Match. "
                + "Live changes: GET /fhir/CarePlan/_stream?cluster=<code> or ?patient.identifier=<NHS number>, "
                + "Server-Sent Events resumable with Last-Event-ID (an event named 'reset' when the id is too old: "
                + "search again, then follow); a few streams per caller (429 with Retry-After past that). "
                + "Measures: GET /careplans/measures");
        patientParams(carePlan);
        CapabilityStatements.searchParam(carePlan, "cluster", SearchParamType.TOKEN,
                "The cluster whose team holds the plan: a team's caseload. cluster:missing=true (the SPA only):"
                        + " the plans no team holds");
        CapabilityStatements.searchParam(carePlan, "target-group", SearchParamType.TOKEN,
                "A proactive case management group (GET /careplans/target-groups)");
        CapabilityStatements.searchParam(carePlan, "review-due", SearchParamType.DATE,
                "Plans whose anticipatory care plan is due for review on or before this day: an MDT case list");
        CapabilityStatements.operation(carePlan, "mdt-review", "A multi-disciplinary team meeting's review: 'attended' "
                + "(repeated), 'summary', 'nextReview', 'action' (repeated: description, owner, ownerIdentifier, due) "
                + "written back as Tasks");
        CapabilityStatements.operation(carePlan, "hand-over", "The SPA hands a plan no team holds to a cluster team"
                + " ('cluster', its code): that team then holds it");
        for (String type : List.of("CareTeam", "Goal", "QuestionnaireResponse", "Consent")) {
            CapabilityStatementRestResourceComponent part = CapabilityStatements.resource(statement, type,
                    TypeRestfulInteraction.CREATE, TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD,
                    TypeRestfulInteraction.UPDATE, TypeRestfulInteraction.HISTORYINSTANCE,
                    TypeRestfulInteraction.SEARCHTYPE);
            part.setDocumentation("Consent".equals(type) ? "A person's objection to sharing their record"
                    + " (provision deny; actors by ODS code, or none: everyone outside the keeping organisation),"
                    + " with who gave it, when and how; honoured by every service at once. Shown on the plan."
                    + " Updates need If-Match. Search needs the person."
                    : "Part of the person's plan, shown on it. Updates need If-Match. Search needs the person.");
            patientParams(part);
        }
        CapabilityStatementRestResourceComponent task = CapabilityStatements.resource(statement, "Task",
                TypeRestfulInteraction.CREATE, TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD,
                TypeRestfulInteraction.UPDATE, TypeRestfulInteraction.HISTORYINSTANCE, TypeRestfulInteraction.SEARCHTYPE);
        patientParams(task);
        CapabilityStatements.searchParam(task, "owner", SearchParamType.TOKEN,
                "The owner's identifier value (a staff id, a cluster code) or name");
        CapabilityStatements.searchParam(task, "cluster", SearchParamType.TOKEN,
                "The cluster team holding the person's plan (its members only): the team's tasks");
        CapabilityStatements.operation(task, "assign", "Give the task to someone ('owner', 'ownerIdentifier')");
        CapabilityStatements.operation(task, "start", "Work on it has started");
        CapabilityStatements.operation(task, "complete", "Done, with an optional 'note'");
        // Every type here is created by POST and takes If-None-Exist: identifier=system|value.
        statement.getRestFirstRep().getResource().forEach(resource -> resource.setConditionalCreate(true));
        CapabilityStatements.auditTrail(statement);
        return statement;
    }

    /** The person, status, _lastUpdated and _count: every resource here has them. */
    private static void patientParams(CapabilityStatementRestResourceComponent resource) {
        CapabilityStatements.searchParam(resource, "patient.identifier", SearchParamType.TOKEN,
                "The person's NHS number, https://fhir.nhs.uk/Id/nhs-number|<10 digits>; "
                        + "patient:identifier and subject:identifier are accepted too");
        CapabilityStatements.searchParam(resource, "status", SearchParamType.TOKEN, "The resource's status");
        CapabilityStatements.searchParam(resource, "_lastUpdated", SearchParamType.DATE, "gt, ge, lt, le, eq");
        CapabilityStatements.paging(resource);
    }
}
