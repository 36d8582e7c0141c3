package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** If-None-Exist: identifier=system|value on POST of a Goal or Task (and every type here): FHIR's conditional create. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class PartConditionalCreateTest {

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    static final String NURSE = CarePlanEditingTest.NURSE;
    static final String SYSTEM = "https://gp-system.example/id";

    static String goal(String nhs, String identifier) {
        return """
                {"resourceType":"Goal","lifecycleStatus":"active","identifier":[{"system":"%s","value":"%s"}],
                 "description":{"text":"Walk to the corner shop again"},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}"""
                .formatted(SYSTEM, identifier, nhs);
    }

    @Test
    void oneMatchIsTheAnswerNoneCreatesSeveralAre412() {
        String nhs = TestNhsNumbers.next();
        String value = UUID.randomUUID().toString();
        String id = post("Goal", goal(nhs, value), value).statusCode(201).extract().path("id");
        post("Goal", goal(nhs, value), value).statusCode(200).body("id", equalTo(id))
                .header("Content-Location", endsWith("/fhir/Goal/" + id + "/_history/1"));
        given().auth().oauth2(NURSE).get("/fhir/Goal?patient.identifier=" + nhs).then().body("total", equalTo(1));

        // Two made without the condition carry the same identifier: the condition cannot pick one.
        given().auth().oauth2(NURSE).contentType("application/fhir+json").body(goal(nhs, value)).post("/fhir/Goal")
                .then().statusCode(201);
        post("Goal", goal(nhs, value), value).statusCode(412).body("issue[0].diagnostics", containsString("2 Goal"));
    }

    @Test
    void aMatchAboutAnotherPersonIsA409ThatSaysNothingOfIt() {
        String value = UUID.randomUUID().toString();
        String task = """
                {"resourceType":"Task","status":"requested","intent":"order","description":"Falls risk assessment",
                 "identifier":[{"system":"%s","value":"%s"}],
                 "for":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}""";
        String id = post("Task", task.formatted(SYSTEM, value, TestNhsNumbers.next()), value).statusCode(201)
                .extract().path("id");
        post("Task", task.formatted(SYSTEM, value, TestNhsNumbers.next()), value).statusCode(409)
                .body("issue[0].code", equalTo("conflict")).body(not(containsString(id)));
    }

    @Test
    void aConditionThatCannotBeHonouredIs400AndCreatesNothing() {
        String nhs = TestNhsNumbers.next();
        String value = UUID.randomUUID().toString();
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-None-Exist", "patient=" + nhs)
                .body(goal(nhs, value)).post("/fhir/Goal").then().statusCode(400)
                .body("issue[0].expression[0]", equalTo("If-None-Exist"));
        post("Goal", goal(nhs, "another"), value).statusCode(400)
                .body("issue[0].expression[0]", equalTo("Goal.identifier"));
        assertEquals(0, Plans.stored(dataSource, "plan_part", nhs).getInt("total"), "nothing was created");
    }

    private static ValidatableResponse post(String type, String body, String value) {
        return given().auth().oauth2(NURSE).contentType("application/fhir+json")
                .header("If-None-Exist", "identifier=" + SYSTEM + "|" + value).body(body).post("/fhir/" + type).then();
    }
}
