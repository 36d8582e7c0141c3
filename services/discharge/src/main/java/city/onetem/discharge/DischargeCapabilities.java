package city.onetem.discharge;

import city.onetem.platform.fhir.CapabilityStatements;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/** What the discharge service really supports over FHIR; hospital feeds come as HL7 v2 (docs/discharge-integration.md). */
public class DischargeCapabilities {

    @Produces
    @Singleton
    CapabilityStatement capabilities() {
        CapabilityStatement statement = CapabilityStatements.server("DischargeToAssess",
                "Hospital stays for discharge to assess. Hospitals send ADT as HL7 v2 over MLLP (port 2575) or "
                        + "POST /hl7v2 (x-application/hl7-v2+er7), answered with an ACK; the stays read here as Encounters.");
        CapabilityStatementRestResourceComponent encounter = CapabilityStatements.resource(statement, "Encounter",
                TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD, TypeRestfulInteraction.HISTORYINSTANCE,
                TypeRestfulInteraction.SEARCHTYPE);
        encounter.setDocumentation("A hospital stay (class IMP): admission, ward, expected discharge (extension "
                + HospitalStay.EXPECTED_DISCHARGE_EXTENSION + "), discharge. Search needs the person or the visit.");
        CapabilityStatements.searchParam(encounter, "patient.identifier", SearchParamType.TOKEN,
                "The person's NHS number, https://fhir.nhs.uk/Id/nhs-number|<10 digits>; "
                        + "patient:identifier and subject:identifier are accepted too");
        CapabilityStatements.searchParam(encounter, "identifier", SearchParamType.TOKEN,
                "The hospital's visit number (HL7 v2 PV1-19): " + HospitalStay.VISIT_NUMBER_SYSTEM
                        + "<hospital code>|<visit number>, or the visit number alone");
        CapabilityStatements.searchParam(encounter, "status", SearchParamType.TOKEN,
                "in-progress, finished, entered-in-error (an admission the hospital cancelled)");
        CapabilityStatements.searchParam(encounter, "_lastUpdated", SearchParamType.DATE, "gt, ge, lt, le, eq");
        CapabilityStatements.paging(encounter);
        CapabilityStatements.operation(encounter, "medically-optimised", "No longer meets the criteria to reside: "
                + "'time' (valueDateTime, default now), optional 'pathway' (valueInteger 0-3). If-Match optional");
        CapabilityStatements.operation(encounter, "assign-pathway", "The discharge to assess pathway: 'pathway' "
                + "(valueInteger 0-3), 'time'. Pathway 1 asks for a reablement place");
        CapabilityStatements.operation(encounter, "delay-reason", "Why the person is still in hospital: 'reason' "
                + "(valueCode: " + DelayReason.codes() + ")");
        CapabilityStatements.operation(encounter, "community-accepted", "The community service that accepted the "
                + "person: 'service' (valueString), 'time'");
        CapabilityStatements.operation(encounter, "assessed-at-home", "Assessed at home after discharge: 'time'");
        CapabilityStatements.operation(encounter, "end-reablement", "Reablement ended: 'outcome' (valueCode: "
                + ReablementOutcome.codes() + "), 'time'");
        CapabilityStatementRestResourceComponent measure = CapabilityStatements.resource(statement, "Measure")
                .setReadHistory(false).setVersioning(CapabilityStatement.ResourceVersionPolicy.NOVERSION);
        CapabilityStatements.operation(measure, "evaluate-measure", "GET /fhir/Measure/d2a/$evaluate-measure"
                + "?periodStart=YYYY-MM-DD&periodEnd=YYYY-MM-DD: a summary MeasureReport of discharge to assess");
        CapabilityStatements.auditTrail(statement);
        return statement;
    }
}
