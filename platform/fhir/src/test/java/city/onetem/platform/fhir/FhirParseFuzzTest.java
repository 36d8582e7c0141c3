package city.onetem.platform.fhir;

import static org.junit.jupiter.api.Assertions.assertFalse;

import ca.uhn.fhir.parser.DataFormatException;
import city.onetem.platform.testing.fuzz.Fuzz;
import city.onetem.platform.testing.fuzz.Gen;
import city.onetem.platform.testing.fuzz.JsonMutator;
import city.onetem.platform.testing.fuzz.Mutant;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * Whatever a client sends, reading it strictly either gives a resource this service can write
 * back, or fails with a DataFormatException (a 400 structure OperationOutcome): anything else
 * thrown here reaches the caller as a 500. A fuzzer found HAPI's NullPointerException this way.
 * {@link Fuzz#tries()} cases from the run's seed ({@code -Dfuzz.tries}, {@code -Donetem.fuzz.seed}).
 */
class FhirParseFuzzTest {

    record Body(Class<? extends IBaseResource> type, Mutant mutant) {

        String describe() {
            return type.getSimpleName() + " mutated by: " + mutant.describe();
        }
    }

    static final String SERVICE_REQUEST = """
            {"resourceType":"ServiceRequest","status":"active","intent":"order","priority":"urgent",
             "identifier":[{"system":"https://111.example.nhs.uk/case","value":"CASE-1"}],
             "extension":[{"url":"https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-SourceOfServiceRequest",
               "valueCodeableConcept":{"coding":[{"system":"https://onetem.city/fhir/CodeSystem/referral-source","code":"gp"}]}}],
             "category":[{"coding":[{"system":"https://onetem.city/fhir/CodeSystem/service-category","code":"community-nursing"}]}],
             "requester":{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"J82001"}},
             "contained":[{"resourceType":"Patient","id":"p","birthDate":"1938-05-02",
               "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}],
               "generalPractitioner":[{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"J82012"}}]}],
             "subject":{"reference":"#p"},"note":[{"text":"Lives alone"}],"occurrenceDateTime":"2026-11-30T10:00:00Z"}""";

    static final String CARE_PLAN = """
            {"resourceType":"CarePlan","status":"active","intent":"plan","description":"What matters to me",
             "category":[{"coding":[{"system":"https://onetem.city/fhir/CodeSystem/target-group","code":"frailty"}]}],
             "extension":[{"url":"https://onetem.city/fhir/StructureDefinition/anticipatory-care-plan","extension":[
               {"url":"plan","valueString":"Call the matron"},{"url":"reviewDate","valueDate":"2027-02-15"}]}],
             "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}}}""";

    static final String CARE_TEAM = """
            {"resourceType":"CareTeam","status":"active",
             "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}},
             "participant":[{"role":[{"text":"community nurse"}],"member":{"display":"Ann Lee"},
               "onBehalfOf":{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"R1C"}}}]}""";

    static final String PARAMETERS = """
            {"resourceType":"Parameters","parameter":[{"name":"priority","valueCode":"same-day"},
             {"name":"time","valueDateTime":"2026-11-30T10:00:00Z"},{"name":"nextReview","valueDate":"2027-01-31"},
             {"name":"action","part":[{"name":"description","valueString":"OT visit"},{"name":"owner","valueString":"Sam"}]}]}""";

    static Gen<Body> bodies() {
        return Gen.oneOf(
                JsonMutator.mutantsOf(SERVICE_REQUEST).map(m -> new Body(ServiceRequest.class, m)),
                JsonMutator.mutantsOf(CARE_PLAN).map(m -> new Body(CarePlan.class, m)),
                JsonMutator.mutantsOf(CARE_TEAM).map(m -> new Body(CareTeam.class, m)),
                JsonMutator.mutantsOf(PARAMETERS).map(m -> new Body(Parameters.class, m)),
                JsonMutator.mutantsOf(SERVICE_REQUEST).map(m -> new Body(IBaseResource.class, m)));
    }

    @Test
    void anyBodyIsReadAndWrittenBackOrRefusedAsBadInputNeverAFault() {
        Fuzz.property("FhirParse anyBodyIsReadAndWrittenBackOrRefusedAsBadInputNeverAFault", bodies(),
                Body::describe, body -> body.mutant().body(), FhirParseFuzzTest::readAndWriteBackOrRefuse);
    }

    private static void readAndWriteBackOrRefuse(Body body) {
        Class<? extends IBaseResource> type = body.type() == IBaseResource.class ? null : body.type();
        IBaseResource parsed;
        try {
            parsed = Fhir.parseStrict(type, body.mutant().body());
        } catch (DataFormatException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "a refusal says why");
            return;
        }
        Fhir.toJson(parsed);
    }
}
