package city.onetem.careplans;

import static io.restassured.RestAssured.given;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import city.onetem.platform.testing.fuzz.DatabaseSnapshot;
import city.onetem.platform.testing.fuzz.FuzzTarget;
import city.onetem.platform.testing.fuzz.ParkedEventEndpoints;
import city.onetem.platform.testing.fuzz.WriteEndpoint;
import city.onetem.platform.testing.fuzz.WriteEndpointFuzz;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Every write endpoint and operation of care-plans, fuzzed (issue #15, "Bad input, fuzzed"):
 * mutated bodies, path ids, If-Match and query values never get a 5xx; a refusal is a 4xx
 * OperationOutcome that says what to change, and leaves every row and the outbox as they were.
 * In a create's body {id} is a fresh person's NHS number, so a still-valid create succeeds.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class BadInputFuzzTest {

    static final String FHIR_JSON = "application/fhir+json";
    static final String NURSE = CarePlanEditingTest.NURSE;
    static final String OPERATOR = CarePlanEditingTest.KEYS.token("oncall.engineer", "R1C", Roles.OPERATOR);

    @Inject
    AgroalDataSource dataSource;

    static String subject(String nhs) {
        return "\"subject\":{\"identifier\":{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"" + nhs + "\"}}";
    }

    static String plan(String nhs) {
        return """
                {"resourceType":"CarePlan","status":"active","intent":"plan","title":"One Team care plan",
                 "description":"What matters to me: staying at home with my cat",
                 "category":[{"coding":[{"system":"%s","code":"heart-failure"}]}],
                 "extension":[{"url":"%s","extension":[{"url":"plan","valueString":"If breathless: call the matron"},
                   {"url":"reviewDate","valueDate":"2027-02-15"}]},
                  {"url":"%s","extension":[{"url":"register","valueBoolean":true},
                   {"url":"preferredPlaceOfCare","valueString":"Home"},{"url":"respect","valueDate":"2026-10-01"}]}],
                 "contained":[{"resourceType":"Condition","id":"falls","code":{"text":"Falls"},%s}],
                 "addresses":[{"reference":"#falls"}],%s}"""
                .formatted(CarePlanContract.TARGET_GROUP_SYSTEM, CarePlanContract.ANTICIPATORY_CARE_EXTENSION,
                        CarePlanContract.END_OF_LIFE_EXTENSION, subject(nhs), subject(nhs));
    }

    static String careTeam(String nhs) {
        return """
                {"resourceType":"CareTeam","status":"active","name":"One Team",%s,"participant":[
                 {"role":[{"coding":[{"system":"%s","code":"accountable-professional"}]}],"member":{"display":"Ann Lee"},
                  "onBehalfOf":{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"R1C"}}},
                 {"role":[{"coding":[{"system":"%s","code":"carer"}]}],"member":{"display":"Mary Brown"},
                  "extension":[{"url":"%s","valueString":"A break on Thursdays"}]}]}"""
                .formatted(subject(nhs), CarePlanContract.CARE_TEAM_ROLE_SYSTEM, CarePlanContract.CARE_TEAM_ROLE_SYSTEM,
                        CarePlanContract.CARER_NEEDS_EXTENSION);
    }

    static String goal(String nhs) {
        return """
                {"resourceType":"Goal","lifecycleStatus":"active","description":{"text":"Walk to the corner shop"},
                 %s,"target":[{"dueDate":"2027-02-01"}]}""".formatted(subject(nhs));
    }

    static String assessment(String nhs) {
        return """
                {"resourceType":"QuestionnaireResponse","status":"completed","questionnaire":"%s",%s,
                 "authored":"2026-11-25T10:00:00Z","author":{"display":"Ann Lee"},
                 "item":[{"linkId":"mobility","text":"Mobility","answer":[{"valueString":"Walks with a frame"}]},
                  {"linkId":"falls","answer":[{"valueInteger":2}]}]}""".formatted(CarePlanContract.COMMON_ASSESSMENT,
                subject(nhs));
    }

    static String task(String nhs) {
        return """
                {"resourceType":"Task","status":"requested","intent":"order","priority":"urgent",
                 "description":"Falls risk assessment at home","restriction":{"period":{"end":"2026-12-01"}},
                 "owner":{"display":"Sam Okoro","identifier":{"value":"sam.okoro"}},
                 "for":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}""".formatted(nhs);
    }

    static String withId(String body) {
        return body.replaceFirst("\\{\"resourceType\":\"(\\w+)\",", "{\"resourceType\":\"$1\",\"id\":\"{id}\",");
    }

    @Test
    void everyWriteEndpointAnswersBadInputWithA4xxOperationOutcomeAndWritesNothing() {
        DatabaseSnapshot snapshot = DatabaseSnapshot.of(dataSource)
                .counting("care_plan", "care_plan_version", "plan_part", "plan_part_version", "task", "task_version",
                        "care_plan_target_group", "outbox_event", "processed_event")
                .checksumOf("target_group").checksumOf("parked_event");

        String person = TestNhsNumbers.next();
        FuzzTarget carePlan = new FuzzTarget(() -> create("/fhir/CarePlan", plan(person)));
        FuzzTarget reviewed = new FuzzTarget(() -> create("/fhir/CarePlan", plan(TestNhsNumbers.next())));
        FuzzTarget team = new FuzzTarget(() -> create("/fhir/CareTeam", careTeam(person)));
        FuzzTarget goal = new FuzzTarget(() -> create("/fhir/Goal", goal(person)));
        FuzzTarget assessment = new FuzzTarget(() -> create("/fhir/QuestionnaireResponse", assessment(person)));
        FuzzTarget edited = new FuzzTarget(() -> create("/fhir/Task", task(person)));
        FuzzTarget assigned = new FuzzTarget(() -> create("/fhir/Task", task(person)));
        FuzzTarget started = new FuzzTarget(() -> create("/fhir/Task", task(person)));
        FuzzTarget completed = new FuzzTarget(() -> create("/fhir/Task", task(person)));

        WriteEndpointFuzz.of(URI.create("http://localhost:" + RestAssured.port + "/"), snapshot)
                .endpoint(forAnyone(WriteEndpoint.post("/fhir/CarePlan").body(plan("{id}"))))
                .endpoint(update(WriteEndpoint.put("/fhir/CarePlan/{id}").body(withId(plan(person))), carePlan))
                .endpoint(operation("/fhir/CarePlan/{id}/$mdt-review", reviewed, """
                        {"resourceType":"Parameters","parameter":[
                         {"name":"attended","valueString":"Community nursing"},{"name":"attended","valueString":"Adult social care"},
                         {"name":"summary","valueString":"Struggling with stairs"},{"name":"nextReview","valueDate":"2027-02-15"},
                         {"name":"action","part":[{"name":"description","valueString":"OT home assessment"},
                          {"name":"owner","valueString":"Sam Okoro, OT"},{"name":"ownerIdentifier","valueString":"sam.okoro"},
                          {"name":"due","valueDate":"2026-12-04"}]}]}""", true))
                .endpoint(forAnyone(WriteEndpoint.post("/fhir/CareTeam").body(careTeam("{id}"))))
                .endpoint(update(WriteEndpoint.put("/fhir/CareTeam/{id}").body(withId(careTeam(person))), team))
                .endpoint(forAnyone(WriteEndpoint.post("/fhir/Goal").body(goal("{id}"))))
                .endpoint(update(WriteEndpoint.put("/fhir/Goal/{id}").body(withId(goal(person))), goal))
                .endpoint(forAnyone(WriteEndpoint.post("/fhir/QuestionnaireResponse").body(assessment("{id}"))))
                .endpoint(update(WriteEndpoint.put("/fhir/QuestionnaireResponse/{id}").body(withId(assessment(person))),
                        assessment))
                .endpoint(forAnyone(WriteEndpoint.post("/fhir/Task").body(task("{id}"))))
                .endpoint(WriteEndpoint.put("/fhir/Task/{id}").as(NURSE).body(withId(task(person)))
                        .target(edited::id).ifMatch(edited::ifMatch).onAccepted(edited::moveOn))
                .endpoint(operation("/fhir/Task/{id}/$assign", assigned, """
                        {"resourceType":"Parameters","parameter":[{"name":"owner","valueString":"Sam Okoro, OT"},
                         {"name":"ownerIdentifier","valueString":"sam.okoro"}]}""", false))
                .endpoint(operation("/fhir/Task/{id}/$start", started, "{\"resourceType\":\"Parameters\"}", false))
                .endpoint(operation("/fhir/Task/{id}/$complete", completed, """
                        {"resourceType":"Parameters","parameter":[{"name":"note","valueString":"Grab rails fitted"}]}""",
                        false))
                .endpoint(WriteEndpoint.put("/careplans/target-groups/{id}").as(NURSE).contentType("application/json")
                        .target(() -> "fuzz-group").body("{\"code\":\"fuzz-group\",\"name\":\"People the fuzzer made up\"}"))
                .endpoints(ParkedEventEndpoints.all(OPERATOR))
                .run();
    }

    static final String ABSENT = "{\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/data-absent-reason\","
            + "\"valueCode\":\"unknown\"}]}";

    /** A value given only as FHIR's extension-only form: the element is there, its value is not. */
    static String valueAbsent(String body, String member, String value) {
        String replaced = body.replace("\"" + member + "\":" + value, "\"_" + member + "\":" + ABSENT);
        if (replaced.equals(body)) {
            throw new IllegalArgumentException(member + " not in " + body);
        }
        return replaced;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "/fhir/Task|description|\"Falls risk assessment at home\"",
        "/fhir/Task|end|\"2026-12-01\"",
        "/fhir/QuestionnaireResponse|authored|\"2026-11-25T10:00:00Z\"",
        "/fhir/QuestionnaireResponse|questionnaire|\"https://onetem.city/fhir/Questionnaire/common-trusted-assessment\"",
        "/fhir/CarePlan|valueDate|\"2027-02-15\"",
        "/fhir/Goal|dueDate|\"2027-02-01\""})
    void aValueGivenOnlyAsAnExtensionIsRefusedOrAcceptedNeverA500(String path, String member, String value) throws Exception {
        String nhs = TestNhsNumbers.next();
        String valid = switch (path) {
            case "/fhir/Task" -> task(nhs);
            case "/fhir/QuestionnaireResponse" -> assessment(nhs);
            case "/fhir/CarePlan" -> plan(nhs);
            default -> goal(nhs);
        };
        DatabaseSnapshot snapshot = DatabaseSnapshot.of(dataSource).counting("care_plan_version", "outbox_event");
        var before = snapshot.take();
        Response answer = given().auth().oauth2(NURSE).contentType(FHIR_JSON).body(valueAbsent(valid, member, value))
                .post(path);
        org.junit.jupiter.api.Assertions.assertTrue(answer.statusCode() < 500, answer.asString());
        if (answer.statusCode() >= 400) {
            city.onetem.platform.testing.fuzz.FhirAnswers.assertRefusal(answer.statusCode(), answer.contentType(),
                    answer.asString());
            org.junit.jupiter.api.Assertions.assertEquals(before, snapshot.take());
        }
    }

    /** A create whose body names a fresh person each try ({id}), so a still-valid one is made. */
    private static WriteEndpoint forAnyone(WriteEndpoint create) {
        return create.as(NURSE).target(TestNhsNumbers::next);
    }

    /** A whole-resource update: stays on the resource, at the version each accepted change makes. */
    private static WriteEndpoint update(WriteEndpoint put, FuzzTarget target) {
        return put.as(NURSE).target(target::id).ifMatch(target::ifMatch).onAccepted(target::keep);
    }

    private static WriteEndpoint operation(String path, FuzzTarget target, String validParameters, boolean keep) {
        return WriteEndpoint.post(path).as(NURSE).body(validParameters).target(target::id).ifMatch(target::ifMatch)
                .onAccepted(keep ? target::keep : target::moveOn);
    }

    private static FuzzTarget.Made create(String path, String body) {
        Response created = given().auth().oauth2(NURSE).contentType(FHIR_JSON).body(body).post(path);
        created.then().statusCode(201);
        return new FuzzTarget.Made(created.path("id"), 1);
    }
}
