package city.onetem.virtualward;

import city.onetem.platform.fhir.CapabilityStatements;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/** What the virtual ward service supports over FHIR. */
public class VirtualWardCapabilities {

    @Produces
    @Singleton
    CapabilityStatement capabilities() {
        CapabilityStatement statement = CapabilityStatements.server("VirtualWard",
                "Hospital at home: admissions to the city's virtual wards, remote monitoring readings, NEWS2 and escalation");
        CapabilityStatementRestResourceComponent stay = CapabilityStatements.resource(statement, "EpisodeOfCare",
                TypeRestfulInteraction.CREATE, TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD,
                TypeRestfulInteraction.SEARCHTYPE);
        stay.setDocumentation("A stay on a virtual ward. Create admits: type (" + WardStay.WARD_SYSTEM + " code), "
                + "patient.identifier (NHS number), careManager (the responsible clinician), extension "
                + WardStay.ROUTE_EXTENSION + " (step-up or step-down); optional " + WardStay.MONITORING_INTERVAL_EXTENSION
                + " (valueDuration min or h: a complete set is due this often, default 4 h) and "
                + WardStay.EXPECTED_LENGTH_EXTENSION + " (valueDuration d). A step-down is linked to the hospital stay "
                + "it follows (" + WardStay.STEP_DOWN_FROM_EXTENSION + ", from the discharge service's events unless "
                + "sent). A full ward refuses (422) unless extension "
                + WardStay.CAPACITY_OVERRIDE_EXTENSION + " names the clinician and reason; a person already on a "
                + "ward is refused (409).");
        CapabilityStatements.searchParam(stay, "patient.identifier", SearchParamType.TOKEN,
                "The person's NHS number, https://fhir.nhs.uk/Id/nhs-number|<10 digits>");
        CapabilityStatements.searchParam(stay, "status", SearchParamType.TOKEN, "active, finished");
        CapabilityStatements.paging(stay);
        CapabilityStatements.operation(stay, "spo2-scale", "The SpO2 scale NEWS2 uses from now on: 'scale' "
                + "(valueInteger 1 or 2) and 'clinician' (valueString, who decided); recorded with who and when "
                + "(extension " + WardStays.SPO2_SCALE_EXTENSION + "). If-Match optional");
        CapabilityStatements.operation(stay, "discharge", "The stay ends: 'outcome' (valueCode: " + WardOutcome.codes()
                + "), 'time' (default now); its escalations are resolved. If-Match optional; 409 once ended");

        CapabilityStatementRestResourceComponent observation = CapabilityStatements.resource(statement, "Observation",
                TypeRestfulInteraction.CREATE, TypeRestfulInteraction.READ, TypeRestfulInteraction.SEARCHTYPE);
        observation.setDocumentation("Readings for people on a ward (subject.identifier: NHS number): respiration "
                + "rate LOINC 9279-1, oxygen saturation 59408-5 or 2708-6, systolic blood pressure 8480-6 (or the "
                + "85354-9 panel), pulse 8867-4, temperature 8310-5 (Cel, or [degF]), air or oxygen (SNOMED CT "
                + "722742002 / 371825009 as valueCodeableConcept, or oxygen flow 3151-8), consciousness (ACVPU, "
                + "SNOMED CT 248234008, 130987000, 300202002, 450847001, 422768004). Each complete set is scored "
                + "with NEWS2: an Observation coded SNOMED CT " + Monitoring.NEWS2_TOTAL + ". Impossible values: 400. "
                + "Prefer: return=OperationOutcome says what NEWS2 made of the reading.");
        CapabilityStatements.searchParam(observation, "patient.identifier", SearchParamType.TOKEN,
                "The person's NHS number, https://fhir.nhs.uk/Id/nhs-number|<10 digits>");
        CapabilityStatements.searchParam(observation, "code", SearchParamType.TOKEN,
                "http://snomed.info/sct|" + Monitoring.NEWS2_TOTAL + " for NEWS2 scores, or a vital sign's LOINC code");
        CapabilityStatements.paging(observation);
        statement.getRestFirstRep().addInteraction()
                .setCode(CapabilityStatement.SystemRestfulInteraction.TRANSACTION)
                .setDocumentation("A set of readings (Observation entries, POST): all or none; scored once");
        statement.getRestFirstRep().addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.BATCH)
                .setDocumentation("A set of readings, each entry answered on its own; the kept ones scored once");

        CapabilityStatementRestResourceComponent flag = CapabilityStatements.resource(statement, "Flag",
                TypeRestfulInteraction.READ, TypeRestfulInteraction.SEARCHTYPE);
        flag.setDocumentation("Missed-reading alerts (no complete set within the monitoring interval) and NEWS2 "
                + "escalations (extension " + Escalations.ESCALATION_EXTENSION + ": level, score, "
                + "due, and who acknowledged it when). One active per level; a higher level, or a worse score after "
                + "acknowledgement, escalates again; a low score resolves them (status inactive).");
        CapabilityStatements.searchParam(flag, "patient.identifier", SearchParamType.TOKEN, "The person's NHS number");
        CapabilityStatements.searchParam(flag, "status", SearchParamType.TOKEN, "active, inactive; the ward's "
                + "clinicians may search status=active alone: every open escalation and alert on the wards");
        CapabilityStatements.operation(flag, "acknowledge", "The responsible clinician (the caller) responds: "
                + "recorded with who and when; 409 if acknowledged already");
        CapabilityStatementRestResourceComponent task = CapabilityStatements.resource(statement, "Task",
                TypeRestfulInteraction.READ, TypeRestfulInteraction.SEARCHTYPE);
        task.setDocumentation("Each escalation's Task for the responsible clinician (same id as its Flag), due as "
                + "the risk calls for: high 15 minutes, medium 30, low-medium 60 (configurable)");
        CapabilityStatements.searchParam(task, "patient.identifier", SearchParamType.TOKEN, "The person's NHS number");
        CapabilityStatementRestResourceComponent measure = CapabilityStatements.resource(statement, "Measure")
                .setReadHistory(false).setVersioning(CapabilityStatement.ResourceVersionPolicy.NOVERSION);
        CapabilityStatements.operation(measure, "evaluate-measure", "GET /fhir/Measure/virtual-ward/$evaluate-measure"
                + "?periodStart=YYYY-MM-DD&periodEnd=YYYY-MM-DD: a summary MeasureReport of the virtual wards");
        CapabilityStatements.auditTrail(statement);
        return statement;
    }
}
