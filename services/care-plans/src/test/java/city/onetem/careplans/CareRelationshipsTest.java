package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.events.ReferralContract;
import city.onetem.platform.events.Topics;
import city.onetem.platform.relationships.PlanRelationships;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A cluster team sees the people whose plan it holds and the people whose care team names its
 * members or the team; nobody else's, by any route, and a refusal never says whether the person
 * exists.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class CareRelationshipsTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String CENTRAL_NURSE = KEYS.member("nurse.jones", "R1C", "central", Roles.COMMUNITY_NURSE);
    static final String EAST_NURSE = KEYS.member("nurse.east", "R1C", "east", Roles.COMMUNITY_NURSE);
    static final String EAST_SOCIAL_WORKER = KEYS.member("sw.patel", "SCC01", "east", Roles.SOCIAL_WORKER);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aPlanMadeByANurseIsHeldByHerTeamAndNoOtherTeamReachesItByAnyRoute() {
        String nhs = TestNhsNumbers.next();
        String plan = createPlan(CENTRAL_NURSE, nhs);
        String task = given().auth().oauth2(CENTRAL_NURSE).contentType("application/fhir+json")
                .body(TaskApiTest.task(nhs, "Wound dressing")).post("/fhir/Task").then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/CarePlan/" + plan).then().statusCode(200)
                .body("extension.find { it.url == 'https://onetem.city/fhir/StructureDefinition/cluster' }"
                        + ".valueIdentifier.value", equalTo("central"));

        refused(given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan/" + plan).then());
        refused(given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan/" + plan + "/_history").then());
        refused(given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan/" + plan + "/_history/1").then());
        refused(given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan?patient.identifier=" + nhs).then());
        refused(given().auth().oauth2(EAST_NURSE).get("/fhir/Task/" + task).then());
        refused(given().auth().oauth2(EAST_NURSE).get("/fhir/Task?patient.identifier=" + nhs).then());
        refused(given().auth().oauth2(EAST_NURSE).get("/fhir/CareTeam?patient.identifier=" + nhs).then());
        refused(given().auth().oauth2(EAST_NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .post("/fhir/Task/" + task + "/$start").then());
        refused(given().auth().oauth2(EAST_NURSE).contentType("application/fhir+json")
                .body(TaskApiTest.task(nhs, "Another team's task")).post("/fhir/Task").then());
        given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan?cluster=central").then().statusCode(403);
        // A search by owner finds only the caller's people: the other team's task is not counted.
        given().auth().oauth2(EAST_NURSE).get("/fhir/Task?owner=nurse.jones").then().statusCode(200)
                .body("entry.resource.id", not(hasItem(task)));
        given().auth().oauth2(CENTRAL_NURSE).contentType("application/fhir+json")
                .body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"owner\",\"valueString\":\"N Jones\"},"
                        + "{\"name\":\"ownerIdentifier\",\"valueString\":\"nurse.jones\"}]}")
                .post("/fhir/Task/" + task + "/$assign").then().statusCode(200);
        given().auth().oauth2(EAST_NURSE).get("/fhir/Task?owner=nurse.jones").then().statusCode(200)
                .body("entry.resource.id", not(hasItem(task)));
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/Task?owner=nurse.jones").then().statusCode(200)
                .body("entry.resource.id", hasItem(task));
        // Nobody lists tasks by status alone.
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/Task?status=requested").then().statusCode(400);
        // The plan is one the east team cannot make again either: same refusal, no "409 they have one".
        refused(given().auth().oauth2(EAST_NURSE).contentType("application/fhir+json")
                .body(plan(nhs, "A plan of our own")).post("/fhir/CarePlan").then());
    }

    @Test
    void anEditOfTheWholePlanKeepsTheTeamHoldingItAndCannotGiveItToATeamTheEditorIsNotIn() {
        String nhs = TestNhsNumbers.next();
        String plan = createPlan(CENTRAL_NURSE, nhs);
        given().auth().oauth2(CENTRAL_NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .body(plan(nhs, "What matters to me: my garden and my dog").replace("{\"resourceType\":\"CarePlan\",",
                        "{\"resourceType\":\"CarePlan\",\"id\":\"" + plan + "\","))
                .put("/fhir/CarePlan/" + plan).then().statusCode(200);
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/CarePlan/" + plan).then().statusCode(200)
                .body("extension.find { it.url == 'https://onetem.city/fhir/StructureDefinition/cluster' }"
                        + ".valueIdentifier.value", equalTo("central"));
        given().auth().oauth2(CENTRAL_NURSE).contentType("application/fhir+json").header("If-Match", "W/\"2\"")
                .body(plan(nhs, "Handed to east").replace("{\"resourceType\":\"CarePlan\",",
                        "{\"resourceType\":\"CarePlan\",\"id\":\"" + plan + "\",\"extension\":[{\"url\":"
                                + "\"https://onetem.city/fhir/StructureDefinition/cluster\",\"valueIdentifier\":"
                                + "{\"system\":\"https://onetem.city/Id/cluster\",\"value\":\"east\"}}],"))
                .put("/fhir/CarePlan/" + plan).then().statusCode(403)
                .body("issue[0].diagnostics", equalTo("You are not a member of the east cluster team"));
    }

    @Test
    void aRefusalSaysTheSameForSomeoneWhoDoesNotExist() {
        String nobody = TestNhsNumbers.next();
        String someone = TestNhsNumbers.next();
        createPlan(CENTRAL_NURSE, someone);
        String forNobody = given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan?patient.identifier=" + nobody)
                .then().statusCode(403).extract().asString();
        String forSomeone = given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan?patient.identifier=" + someone)
                .then().statusCode(403).extract().asString();
        assertEquals(forNobody.replaceAll("\"id\":\"[^\"]*\",?", ""), forSomeone.replaceAll("\"id\":\"[^\"]*\",?", ""));
    }

    @Test
    void beingNamedOnTheCareTeamAsAPersonOrAsATeamGivesAccess() throws Exception {
        String nhs = TestNhsNumbers.next();
        String plan = createPlan(CENTRAL_NURSE, nhs);
        String team = careTeamWith(nhs, Caller.USER_SYSTEM, "nurse.east");
        given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan/" + plan).then().statusCode(200);
        refused(given().auth().oauth2(EAST_SOCIAL_WORKER).get("/fhir/CarePlan/" + plan).then());

        String other = TestNhsNumbers.next();
        String otherPlan = createPlan(CENTRAL_NURSE, other);
        careTeamWith(other, ReferralContract.CLUSTER_SYSTEM, "east");
        given().auth().oauth2(EAST_SOCIAL_WORKER).get("/fhir/CarePlan/" + otherPlan).then().statusCode(200);
        given().auth().oauth2(EAST_SOCIAL_WORKER).get("/fhir/CareTeam/" + team).then().statusCode(403);

        // The other services hear whom each care team names (relationships.v1), and honour it the same.
        ObjectMapper json = new ObjectMapper();
        Map<String, List<String>> members = new HashMap<>();
        for (ConsumerRecord<String, String> record : TestEvents.read(bootstrapServers, Topics.RELATIONSHIPS,
                Duration.ofSeconds(15), records -> records.stream().anyMatch(r -> r.value().contains(plan)
                        && r.value().contains("nurse.east")) && records.stream().anyMatch(r -> r.value().contains(otherPlan)
                        && r.value().contains(ReferralContract.CLUSTER_SYSTEM + "\",\"value\":\"east")))) {
            PlanRelationships heard = PlanRelationships.of(json.readTree(record.value()));
            members.put(heard.carePlanId(), heard.members());
        }
        assertEquals(List.of(Caller.USER_SYSTEM + "|nurse.east"), members.get(plan));
        assertEquals(List.of(ReferralContract.CLUSTER_SYSTEM + "|east"), members.get(otherPlan));
    }

    @Test
    void systemsAndOtherServicesStaffDoNotReadPlansAndNobodyFollowsEveryPlan() {
        String nhs = TestNhsNumbers.next();
        String plan = createPlan(CENTRAL_NURSE, nhs);
        for (String role : List.of(Roles.REFERRER, Roles.DISCHARGE_HUB, Roles.MONITORING_DEVICE, Roles.SPA,
                Roles.VIRTUAL_WARD, Roles.AUDITOR, Roles.OPERATOR)) {
            given().auth().oauth2(KEYS.member("someone", "R1C", "central", role)).get("/fhir/CarePlan/" + plan).then()
                    .statusCode(403);
        }
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/CarePlan/_stream").then().statusCode(403);
        given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan/_stream?cluster=central").then().statusCode(403);
        given().auth().oauth2(EAST_NURSE).get("/fhir/CarePlan/_stream?patient.identifier=" + nhs).then().statusCode(403);
    }

    @Test
    void aNurseInSeveralTeamsNamesTheTeamThatHoldsANewPlan() {
        String twoTeams = KEYS.token("nurse.float", "R1C", Duration.ofHours(1), List.of("central", "east"),
                Roles.COMMUNITY_NURSE);
        given().auth().oauth2(twoTeams).contentType("application/fhir+json")
                .body(plan(TestNhsNumbers.next(), "Whose plan?")).post("/fhir/CarePlan").then()
                .statusCode(422).body("issue[0].diagnostics", org.hamcrest.Matchers.containsString("Name the cluster team"));
    }

    static String plan(String nhs, String description) {
        return """
                {"resourceType":"CarePlan","status":"active","intent":"plan","description":"%s",
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}"""
                .formatted(description, nhs);
    }

    private static String createPlan(String token, String nhs) {
        return given().auth().oauth2(token).contentType("application/fhir+json")
                .body(plan(nhs, "What matters to me: my garden")).post("/fhir/CarePlan").then()
                .statusCode(201).extract().path("id");
    }

    private static String careTeamWith(String nhs, String system, String member) {
        return given().auth().oauth2(CENTRAL_NURSE).contentType("application/fhir+json").body("""
                {"resourceType":"CareTeam","status":"active",
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "participant":[{"role":[{"text":"community nurse"}],
                   "member":{"identifier":{"system":"%s","value":"%s"},"display":"%s"}}]}"""
                .formatted(nhs, system, member, member)).post("/fhir/CareTeam").then().statusCode(201)
                .extract().path("id");
    }

    private static void refused(ValidatableResponse response) {
        response.statusCode(403).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", equalTo(CareRelationships.NO_RELATIONSHIP));
    }
}
