package city.onetem.platform.fhir;

import java.util.Date;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/** The parts every service's CapabilityStatement shares: FHIR R4, JSON, bearer tokens. */
public final class CapabilityStatements {

    private CapabilityStatements() {
    }

    public static CapabilityStatement server(String name, String description) {
        CapabilityStatement statement = new CapabilityStatement()
                .setStatus(PublicationStatus.ACTIVE)
                .setDate(new Date())
                .setKind(CapabilityStatementKind.INSTANCE)
                .setFhirVersion(FHIRVersion._4_0_1)
                .setName(name)
                .setDescription(description);
        statement.addFormat(FhirMediaType.FHIR_JSON);
        statement.getSoftware().setName("One Team care coordination: " + name);
        CapabilityStatementRestComponent rest = statement.addRest().setMode(RestfulCapabilityMode.SERVER);
        CodeableConcept oauth = new CodeableConcept();
        oauth.addCoding().setSystem("http://terminology.hl7.org/CodeSystem/restful-security-service").setCode("OAuth");
        rest.getSecurity().addService(oauth).setDescription("Every request except GET /fhir/metadata needs an OIDC "
                + "bearer JWT from a configured issuer, for this system's audience, whose claims map to a role here "
                + "(docs/security.md). Every request is audited (AuditEvent).");
        return statement;
    }

    /** The audit trail every service keeps and a privacy officer (role auditor) searches. */
    public static void auditTrail(CapabilityStatement statement) {
        CapabilityStatementRestResourceComponent audit = statement.getRestFirstRep().addResource().setType("AuditEvent")
                .setDocumentation("One per request on a person's data, allowed or refused: who (agent), what "
                        + "(entity), when, outcome, purpose of use. Role auditor. Name the person or the user.");
        audit.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
        searchParam(audit, "patient.identifier", SearchParamType.TOKEN,
                "The person's NHS number, https://fhir.nhs.uk/Id/nhs-number|<10 digits>: a subject access request");
        searchParam(audit, "agent.identifier", SearchParamType.TOKEN, "The user, as their token's sub");
        searchParam(audit, "date", SearchParamType.DATE, "When, e.g. ge2026-11-01T00:00:00Z (repeatable)");
        searchParam(audit, "_count", SearchParamType.NUMBER, "Results, newest first: 100 by default, at most 1000");
        statement.getRestFirstRep().addOperation().setName("break-glass")
                .setDefinition("https://onetem.city/fhir/OperationDefinition/break-glass")
                .setDocumentation("POST /fhir/$break-glass with 'patient' (valueIdentifier, the NHS number) and 'reason'"
                        + " (valueString): emergency access to one person outside your care relationships, for 4 hours"
                        + " by default, audited as emergency treatment, published (access.break-glass.v1) and"
                        + " reviewed by the privacy officer. Clinical roles only.");
    }

    /** Declares a resource type with versioned reads, its interactions and its search parameters. */
    public static CapabilityStatementRestResourceComponent resource(CapabilityStatement statement, String type,
            TypeRestfulInteraction... interactions) {
        CapabilityStatementRestResourceComponent resource = statement.getRestFirstRep().addResource()
                .setType(type)
                .setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE)
                .setReadHistory(true);
        for (TypeRestfulInteraction interaction : interactions) {
            resource.addInteraction().setCode(interaction);
        }
        return resource;
    }

    /** An operation on instances of this resource type, e.g. ServiceRequest/{id}/$triage. */
    public static void operation(CapabilityStatementRestResourceComponent resource, String name, String documentation) {
        resource.addOperation().setName(name)
                .setDefinition("https://onetem.city/fhir/OperationDefinition/" + resource.getType() + "-" + name)
                .setDocumentation(documentation);
    }

    /** _count and _offset: a search answers a page at a time, with a next link while there are more. */
    public static void paging(CapabilityStatementRestResourceComponent resource) {
        searchParam(resource, "_count", SearchParamType.NUMBER, "Results per page, 50 by default, at most 500; "
                + "the Bundle links the next page while there are more");
        searchParam(resource, "_offset", SearchParamType.NUMBER, "Results to skip: the next link sets it");
    }

    public static void searchParam(CapabilityStatementRestResourceComponent resource, String name,
            SearchParamType type, String documentation) {
        resource.addSearchParam().setName(name).setType(type).setDocumentation(documentation);
    }
}
