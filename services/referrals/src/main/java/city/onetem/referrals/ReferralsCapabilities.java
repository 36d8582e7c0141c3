package city.onetem.referrals;

import city.onetem.platform.fhir.CapabilityStatements;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/** What the Single Point of Access really supports; docs/api.md has the detail and examples. */
public class ReferralsCapabilities {

    @Produces
    @Singleton
    CapabilityStatement capabilities() {
        CapabilityStatement statement = CapabilityStatements.server("SinglePointOfAccess",
                "The city's one front door for community health and social care referrals");
        statement.getRestFirstRep().addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.TRANSACTION)
                .setDocumentation("POST /fhir: ServiceRequest entries (POST) with the Patient entries they are about; "
                        + "all or nothing. A Patient is kept inside the referral about them (contained), not on its own: "
                        + "its entry answers 200 with an OperationOutcome naming the referral");
        statement.getRestFirstRep().addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.BATCH)
                .setDocumentation("POST /fhir: the same entries, each on its own with its own status");
        statement.getRestFirstRep().addOperation().setName("process-message")
                .setDefinition("http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message")
                .setDocumentation("BaRS referral messages (event servicerequest-request; reason new, update, or update "
                        + "with ServiceRequest.status revoked/entered-in-error to cancel; category referral or "
                        + "validation), answered synchronously with a response message; errors carry BaRS codes "
                        + "(https://fhir.nhs.uk/CodeSystem/http-error-codes)");
        CapabilityStatement.CapabilityStatementMessagingComponent messaging = statement.addMessaging()
                .setDocumentation("BaRS receiver: POST /fhir/$process-message. X-Request-ID and X-Correlation-ID are "
                        + "echoed; a repeated X-Request-ID is 409 REC_CONFLICT (duplicate)");
        for (String definition : new String[] {"bars-message-servicerequest-request-referral",
                "bars-message-servicerequest-request-validation", "bars-message-servicerequest-request-cancelled"}) {
            messaging.addSupportedMessage().setMode(CapabilityStatement.EventCapabilityMode.RECEIVER)
                    .setDefinition("https://fhir.nhs.uk/MessageDefinition/" + definition);
        }
        CapabilityStatementRestResourceComponent referral = CapabilityStatements.resource(statement,
                "ServiceRequest", TypeRestfulInteraction.CREATE, TypeRestfulInteraction.READ,
                TypeRestfulInteraction.VREAD, TypeRestfulInteraction.HISTORYINSTANCE,
                TypeRestfulInteraction.SEARCHTYPE);
        referral.setConditionalCreate(true).addReferencePolicy(CapabilityStatement.ReferenceHandlingPolicy.LOGICAL);
        CapabilityStatements.searchParam(referral, "patient.identifier", SearchParamType.TOKEN,
                "The person's NHS number, https://fhir.nhs.uk/Id/nhs-number|<10 digits>; "
                        + "patient:identifier and subject:identifier are accepted too");
        CapabilityStatements.searchParam(referral, "status", SearchParamType.TOKEN,
                "FHIR status (active, revoked, completed, entered-in-error) or SPA state (received, triaged, "
                        + "accepted, redirected, declined, completed, cancelled)");
        CapabilityStatements.searchParam(referral, "cluster", SearchParamType.TOKEN, "Routed cluster code");
        CapabilityStatements.searchParam(referral, "source", SearchParamType.TOKEN, "Referral source code");
        CapabilityStatements.searchParam(referral, "priority", SearchParamType.TOKEN,
                "ucr-2-hour, same-day or routine");
        CapabilityStatements.searchParam(referral, "identifier", SearchParamType.TOKEN,
                "The referrer's own identifier, system|value; also what If-None-Exist (conditional create) takes");
        CapabilityStatements.searchParam(referral, "_lastUpdated", SearchParamType.DATE, "gt, ge, lt, le, eq");
        CapabilityStatements.searchParam(referral, "_query", SearchParamType.TOKEN,
                "Work queues: untriaged, to-categorise, trace, unrouted, at-risk, validation (BaRS validation "
                        + "requests); most urgent, then oldest first");
        CapabilityStatements.paging(referral);
        CapabilityStatements.operation(referral, "triage",
                "Set priority, the service (category: takes it off the to-categorise queue) and the cluster (to route by hand)");
        CapabilityStatements.operation(referral, "trace",
                "The NHS number traced for a referral received without one (and the practice, to route it)");
        CapabilityStatements.operation(referral, "accept", "Accept for the routed cluster or a named city-wide service");
        CapabilityStatements.operation(referral, "redirect", "Redirect to another service, with a reason");
        CapabilityStatements.operation(referral, "decline", "Decline, with a reason");
        CapabilityStatements.operation(referral, "complete", "The requested care was given");
        CapabilityStatements.operation(referral, "cancel", "Withdraw (or mark entered-in-error), with a reason");
        CapabilityStatements.operation(referral, "record-contact",
                "Urgent community response: the first face-to-face contact stops the 2-hour clock");
        CapabilityStatements.auditTrail(statement);
        return statement;
    }
}
