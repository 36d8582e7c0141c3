package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Tasks on a plan: added by anyone in the team, then assigned, started and completed one step at a time. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class TaskApiTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String NURSE = KEYS.member("nurse.jones", "R1C", "central", Roles.COMMUNITY_NURSE);

    static String task(String nhs, String description) {
        return """
                {"resourceType":"Task","status":"requested","intent":"order","description":"%s",
                 "for":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "restriction":{"period":{"end":"2026-12-01"}}}""".formatted(description, nhs);
    }

    @Test
    void aTaskIsAssignedStartedAndCompletedAndThePlanShowsEachStep() {
        String nhs = TestNhsNumbers.next();
        String id = given().auth().oauth2(NURSE).contentType("application/fhir+json")
                .body(task(nhs, "Falls risk assessment at home")).post("/fhir/Task").then().statusCode(201)
                .header("ETag", equalTo("W/\"1\"")).body("basedOn[0].type", equalTo("CarePlan"))
                .extract().path("id");
        operate(id, "$assign", "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"owner\",\"valueString\":"
                + "\"Sam Okoro, occupational therapist\"},{\"name\":\"ownerIdentifier\",\"valueString\":\"sam.okoro\"}]}")
                .statusCode(200).body("status", equalTo("accepted")).body("owner.identifier.value", equalTo("sam.okoro"));
        operate(id, "$start", "").statusCode(200).body("status", equalTo("in-progress"));
        operate(id, "$complete", "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"note\",\"valueString\":"
                + "\"Grab rails fitted\"}]}").statusCode(200).body("status", equalTo("completed"))
                .body("note[0].text", equalTo("Grab rails fitted"));
        operate(id, "$start", "").statusCode(409);

        given().auth().oauth2(NURSE).get("/fhir/Task?owner=sam.okoro").then().statusCode(200)
                .body("entry.resource.id", hasItem(id));
        given().auth().oauth2(NURSE).get("/fhir/Task/" + id + "/_history").then().body("total", equalTo(4));
        given().auth().oauth2(NURSE).get("/fhir/CarePlan?patient.identifier=" + nhs).then().statusCode(200)
                .body("entry[0].resource.activity[0].reference.display", equalTo(
                        "Falls risk assessment at home (completed, owner Sam Okoro, occupational therapist, due 2026-12-01)"));
    }

    @Test
    void aStaleChangeIs412AndABadTaskIs400() {
        String nhs = TestNhsNumbers.next();
        String id = given().auth().oauth2(NURSE).contentType("application/fhir+json").body(task(nhs, "Medication review"))
                .post("/fhir/Task").then().statusCode(201).extract().path("id");
        operate(id, "$start", "").statusCode(200);
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .post("/fhir/Task/" + id + "/$complete").then().statusCode(412);
        given().auth().oauth2(NURSE).contentType("application/fhir+json")
                .body(task(nhs, "x").replace("\"description\":\"x\",", "")).post("/fhir/Task").then().statusCode(400)
                .body("issue[0].expression[0]", equalTo("Task.description"));
        given().auth().oauth2(NURSE).contentType("application/fhir+json").body(task("1234567890", "x"))
                .post("/fhir/Task").then().statusCode(400).body("issue[0].diagnostics", containsString("modulus 11"));
        given().auth().oauth2(NURSE).get("/fhir/Task").then().statusCode(400);
    }

    /** The board lists a team's tasks: those on the plans the team holds, for its members only. */
    @Test
    void aTeamListsTheTasksOnThePlansItHolds() {
        String nhs = TestNhsNumbers.next();
        String id = given().auth().oauth2(NURSE).contentType("application/fhir+json")
                .body(task(nhs, "Wound dressing")).post("/fhir/Task").then().statusCode(201).extract().path("id");
        String planTeam = given().auth().oauth2(NURSE).get("/fhir/CarePlan?patient.identifier=" + nhs).then()
                .statusCode(200).extract().path("entry[0].resource.extension.find { it.url == '"
                        + CarePlanContract.CLUSTER_EXTENSION + "' }.valueIdentifier.value");
        assertEquals("central", planTeam, "the plan a central nurse started is held by her team");
        given().auth().oauth2(NURSE).get("/fhir/Task?cluster=central&_count=100").then().statusCode(200)
                .body("entry.resource.id", hasItem(id));
        String otherNurse = KEYS.member("nurse.khan", "R1C", "north-east", Roles.COMMUNITY_NURSE);
        given().auth().oauth2(otherNurse).get("/fhir/Task?cluster=north-east&_count=100").then().statusCode(200)
                .body("entry.resource.id", not(hasItem(id)));
        given().auth().oauth2(otherNurse).get("/fhir/Task?cluster=central").then().statusCode(403)
                .body("issue[0].diagnostics", containsString("not a member of the central cluster team"));
    }

    private ValidatableResponse operate(String id, String operation, String body) {
        return given().auth().oauth2(NURSE).contentType("application/fhir+json").body(body)
                .post("/fhir/Task/" + id + "/" + operation).then();
    }
}
