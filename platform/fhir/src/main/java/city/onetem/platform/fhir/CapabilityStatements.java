package city.onetem.platform.fhir;

import java.util.Date;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
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
        rest.getSecurity().addService(oauth).setDescription("Every request except GET /fhir/metadata needs an OIDC bearer JWT whose groups claim "
                        + "carries a role: referrer, spa or care-team");
        return statement;
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
