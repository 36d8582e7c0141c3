package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.Topics;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The parts of a plan that the people around a person write: the care team with one accountable
 * professional and a navigator, goals in the person's words, and the one assessment every
 * agency reuses. Each is its own versioned resource, shown on the one plan.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class PlanPartsTest {

    static final String NURSE = CarePlanEditingTest.NURSE;
    static final String SOCIAL_WORKER = CarePlanEditingTest.SOCIAL_WORKER;
    static final String CHANGED_BY = CarePlanEditingTest.CHANGED_BY;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    static String careTeam(String nhs, String... participants) {
        return """
                {"resourceType":"CareTeam","status":"active","name":"One Team",
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "participant":[%s]}""".formatted(nhs, String.join(",", participants));
    }

    static String member(String name, String role, String organisation) {
        String coding = role.contains(" ") ? "\"text\":\"" + role + "\""
                : "\"coding\":[{\"system\":\"" + CarePlanContract.CARE_TEAM_ROLE_SYSTEM + "\",\"code\":\"" + role + "\"}]";
        return """
                {"role":[{%s}],"member":{"display":"%s"},
                 "onBehalfOf":{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"%s"}}}"""
                .formatted(coding, name, organisation);
    }

    @Test
    void aCareTeamNamesWhoIsAccountableAndWhoToCallAndThePlanSaysSo() {
        String nhs = TestNhsNumbers.next();
        String body = careTeam(nhs, member("Ann Lee, community nurse", CarePlanContract.ACCOUNTABLE_PROFESSIONAL, "R1C"),
                member("Raj Patel", CarePlanContract.CARE_NAVIGATOR, "SCC01"),
                member("Dr Shah", "general practitioner", "J82001"),
                """
                {"role":[{"coding":[{"system":"%s","code":"carer"}]}],"member":{"display":"Mary Brown (daughter)"},
                 "extension":[{"url":"%s","valueString":"A break on Thursdays"}]}"""
                        .formatted(CarePlanContract.CARE_TEAM_ROLE_SYSTEM, CarePlanContract.CARER_NEEDS_EXTENSION));
        String id = given().auth().oauth2(NURSE).contentType("application/fhir+json").body(body).post("/fhir/CareTeam")
                .then().statusCode(201).header("ETag", equalTo("W/\"1\""))
                .header("Location", matchesPattern(".*/fhir/CareTeam/[0-9a-f-]+/_history/1"))
                .body(CHANGED_BY, equalTo("nurse.jones (R1C)")).extract().path("id");

        JsonPath plan = plan(nhs);
        assertEquals("CareTeam/" + id, plan.getString("careTeam[0].reference"));
        assertEquals("Care team: accountable professional Ann Lee, community nurse; care navigator Raj Patel; "
                + "4 members, 1 carer", plan.getString("careTeam[0].display"));

        // One care team per plan: a second is a conflict naming the first, and nothing is added.
        given().auth().oauth2(SOCIAL_WORKER).contentType("application/fhir+json")
                .body(careTeam(nhs, member("Sam Okoro", "occupational therapist", "R1C"))).post("/fhir/CareTeam")
                .then().statusCode(409).body("issue[0].diagnostics", containsString("CareTeam/" + id));
        given().auth().oauth2(NURSE).get("/fhir/CareTeam?patient.identifier=" + nhs).then().statusCode(200)
                .body("total", equalTo(1)).body("entry[0].resource.participant[3].extension[0].valueString",
                        equalTo("A break on Thursdays"));

        assertTrue(TestEvents.read(bootstrapServers, Topics.CARE_PLANS, Duration.ofSeconds(10),
                seen -> seen.stream().anyMatch(r -> isEvent(r, EventTypes.CARETEAM_CREATED, "CareTeam/" + id)))
                .stream().anyMatch(r -> isEvent(r, EventTypes.CARETEAM_CREATED, "CareTeam/" + id)),
                "careteam.created.v1 published");
    }

    @Test
    void twoAccountableProfessionalsAreRefusedAndChangeNothing() {
        String nhs = TestNhsNumbers.next();
        String id = given().auth().oauth2(NURSE).contentType("application/fhir+json")
                .body(careTeam(nhs, member("Ann Lee", CarePlanContract.ACCOUNTABLE_PROFESSIONAL, "R1C")))
                .post("/fhir/CareTeam").then().statusCode(201).extract().path("id");
        String planVersion = plan(nhs).getString("meta.versionId");

        String twoAccountable = careTeam(nhs, member("Ann Lee", CarePlanContract.ACCOUNTABLE_PROFESSIONAL, "R1C"),
                member("Joe Bloggs", CarePlanContract.ACCOUNTABLE_PROFESSIONAL, "SCC01")).replace("{\"resourceType\":\"CareTeam\",",
                "{\"resourceType\":\"CareTeam\",\"id\":\"" + id + "\",");
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .body(twoAccountable).put("/fhir/CareTeam/" + id).then().statusCode(422)
                .body("issue[0].diagnostics", containsString("one accountable professional"))
                .body("issue[0].diagnostics", containsString("Ann Lee, Joe Bloggs"));
        given().auth().oauth2(NURSE).contentType("application/fhir+json")
                .body(careTeam(nhs, "{\"role\":[{\"text\":\"nurse\"}],\"member\":{}}")).put("/fhir/CareTeam/" + id)
                .then().statusCode(428);
        given().auth().oauth2(NURSE).get("/fhir/CareTeam/" + id).then().header("ETag", equalTo("W/\"1\""));
        assertEquals(planVersion, plan(nhs).getString("meta.versionId"));
    }

    @Test
    void twoPeopleChangingTheCareTeamAtOnceOneGets412AndHistoryHasEveryVersionWithItsAuthor() {
        String nhs = TestNhsNumbers.next();
        String id = given().auth().oauth2(NURSE).contentType("application/fhir+json")
                .body(careTeam(nhs, member("Ann Lee", CarePlanContract.ACCOUNTABLE_PROFESSIONAL, "R1C")))
                .post("/fhir/CareTeam").then().statusCode(201).extract().path("id");
        String withNavigator = careTeam(nhs, member("Ann Lee", CarePlanContract.ACCOUNTABLE_PROFESSIONAL, "R1C"),
                member("Raj Patel", CarePlanContract.CARE_NAVIGATOR, "SCC01"));
        List<Integer> statuses = List.of(NURSE, SOCIAL_WORKER).stream()
                .map(token -> CompletableFuture.supplyAsync(() -> given().auth().oauth2(token)
                        .contentType("application/fhir+json").header("If-Match", "W/\"1\"").body(withNavigator)
                        .put("/fhir/CareTeam/" + id).then().extract().statusCode()))
                .toList().stream().map(CompletableFuture::join).sorted().toList();
        assertEquals(List.of(200, 412), statuses);

        JsonPath history = given().auth().oauth2(NURSE).get("/fhir/CareTeam/" + id + "/_history").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("2", "1"), history.getList("entry.resource.meta.versionId"));
        assertEquals("nurse.jones (R1C)", history.getString("entry[1].resource." + CHANGED_BY));
        given().auth().oauth2(NURSE).get("/fhir/CareTeam/" + id + "/_history/1").then().statusCode(200)
                .body("participant.size()", equalTo(1));
        assertTrue(plan(nhs).getString("careTeam[0].display").contains("care navigator Raj Patel"));
    }

    @Test
    void goalsInThePersonsWordsAreOnThePlanAndABadGoalChangesNothing() {
        String nhs = TestNhsNumbers.next();
        String goal = """
                {"resourceType":"Goal","lifecycleStatus":"active",
                 "description":{"text":"Walk to the corner shop again"},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "target":[{"dueDate":"2027-02-01"}]}""".formatted(nhs);
        String id = given().auth().oauth2(SOCIAL_WORKER).contentType("application/fhir+json").body(goal)
                .post("/fhir/Goal").then().statusCode(201).extract().path("id");
        assertEquals("Walk to the corner shop again (active, due 2027-02-01)", plan(nhs).getString("goal[0].display"));
        assertEquals("Goal/" + id, plan(nhs).getString("goal[0].reference"));

        given().auth().oauth2(SOCIAL_WORKER).contentType("application/fhir+json")
                .body(goal.replace("\"description\":{\"text\":\"Walk to the corner shop again\"},", ""))
                .post("/fhir/Goal").then().statusCode(400).body("issue[0].expression[0]", equalTo("Goal.description"));
        given().auth().oauth2(SOCIAL_WORKER).contentType("application/fhir+json").body(goal.replace(nhs, "1234567890"))
                .post("/fhir/Goal").then().statusCode(400)
                .body("issue[0].expression[0]", equalTo("Goal.subject.identifier"));
        given().auth().oauth2(SOCIAL_WORKER).contentType("application/fhir+json").body(goal).post("/fhir/CareTeam")
                .then().statusCode(400).body("issue[0].diagnostics", containsString("the body is Goal"));
        given().auth().oauth2(NURSE).get("/fhir/Goal?patient.identifier=" + nhs).then().statusCode(200)
                .body("total", equalTo(1));
        // A goal's id is not a care team's.
        given().auth().oauth2(NURSE).get("/fhir/CareTeam/" + id).then().statusCode(404);

        given().auth().oauth2(SOCIAL_WORKER).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .body(goal.replace("\"active\"", "\"completed\"")).put("/fhir/Goal/" + id).then().statusCode(200)
                .header("ETag", equalTo("W/\"2\""));
        given().auth().oauth2(NURSE).get("/fhir/Goal?patient.identifier=" + nhs + "&status=completed").then()
                .body("entry[0].resource.id", equalTo(id));
        assertEquals("Walk to the corner shop again (completed, due 2027-02-01)", plan(nhs).getString("goal[0].display"));
    }

    @Test
    void aGoalOrAMemberWithoutWordsIsRefusedNotShownAsNull() {
        // Accepted before, and shown on the plan as "null (active)": hasText() is true for a text
        // given only as an extension (FHIR's _text), which has no value.
        String nhs = TestNhsNumbers.next();
        String goal = """
                {"resourceType":"Goal","lifecycleStatus":"active",
                 "description":{"_text":{"extension":[{"url":"https://example.org/note","valueString":"x"}]}},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}""".formatted(nhs);
        given().auth().oauth2(SOCIAL_WORKER).contentType("application/fhir+json").body(goal).post("/fhir/Goal").then()
                .statusCode(400).body("issue[0].expression[0]", equalTo("Goal.description"));
        String coded = goal.replace("\"_text\":{\"extension\":[{\"url\":\"https://example.org/note\",\"valueString\":\"x\"}]}",
                "\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"129006008\",\"display\":\"Walking\"}]");
        given().auth().oauth2(SOCIAL_WORKER).contentType("application/fhir+json").body(coded).post("/fhir/Goal").then()
                .statusCode(201);
        assertEquals("Walking (active)", plan(nhs).getString("goal[0].display"));

        String nameless = careTeam(nhs, """
                {"role":[{"text":"community nurse"}],"member":{"_display":{"extension":[{"url":"https://example.org/note",
                 "valueString":"x"}]}}}""");
        given().auth().oauth2(NURSE).contentType("application/fhir+json").body(nameless).post("/fhir/CareTeam").then()
                .statusCode(400).body("issue[0].expression[0]", equalTo("CareTeam.participant[0].member"));
    }

    @Test
    void oneAgencysAssessmentIsFoundByAnotherWithWhoWroteItAndWhen() {
        String nhs = TestNhsNumbers.next();
        String unanswered = """
                {"resourceType":"QuestionnaireResponse","status":"completed","questionnaire":"%s",
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}"""
                .formatted(CarePlanContract.COMMON_ASSESSMENT, nhs);
        String assessment = unanswered.substring(0, unanswered.length() - 1) + """
                ,"item":[{"linkId":"mobility","text":"Mobility","answer":[{"valueString":"Walks with a frame indoors"}]},
                         {"linkId":"falls","text":"Falls in the last year","answer":[{"valueInteger":2}]}]}""";
        given().auth().oauth2(NURSE).contentType("application/fhir+json").body(assessment)
                .post("/fhir/QuestionnaireResponse").then().statusCode(201);

        // The social worker finds it rather than assessing again.
        JsonPath found = given().auth().oauth2(SOCIAL_WORKER)
                .get("/fhir/QuestionnaireResponse?patient.identifier=" + nhs + "&status=completed").then().statusCode(200)
                .extract().jsonPath().setRootPath("entry[0].resource");
        assertEquals("nurse.jones (R1C)", found.getString("author.display"));
        assertEquals("Walks with a frame indoors", found.getString("item[0].answer[0].valueString"));
        String today = LocalDate.now(ZoneId.of("Europe/London")).toString();
        assertTrue(found.getString("authored").startsWith(today.substring(0, 4)), found.getString("authored"));
        assertEquals("Common trusted assessment (completed) by nurse.jones (R1C) on " + today,
                plan(nhs).getString("supportingInfo[0].display"));

        given().auth().oauth2(NURSE).contentType("application/fhir+json")
                .body(unanswered).post("/fhir/QuestionnaireResponse")
                .then().statusCode(400).body("issue[0].expression[0]", equalTo("QuestionnaireResponse.item"));
        given().auth().oauth2(NURSE).get("/fhir/QuestionnaireResponse?status=completed").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("Name the person"));
    }

    @Test
    void aPlanCanBeStartedForSomeoneWithoutOneButNeverASecond() {
        String nhs = TestNhsNumbers.next();
        String plan = """
                {"resourceType":"CarePlan","status":"active","intent":"plan","title":"One Team care plan",
                 "description":"What matters to me: getting back to the allotment",
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}"""
                .formatted(nhs);
        String id = given().auth().oauth2(NURSE).contentType("application/fhir+json").body(plan).post("/fhir/CarePlan")
                .then().statusCode(201).header("Location", endsWith("/_history/1"))
                .body("description", equalTo("What matters to me: getting back to the allotment")).extract().path("id");
        given().auth().oauth2(SOCIAL_WORKER).contentType("application/fhir+json").body(plan).post("/fhir/CarePlan")
                .then().statusCode(409).body("issue[0].diagnostics", containsString("CarePlan/" + id));
        given().auth().oauth2(NURSE).contentType("application/fhir+json").body(plan.replace(nhs, "9434765918"))
                .post("/fhir/CarePlan").then().statusCode(400);
        given().auth().oauth2(NURSE).get("/fhir/CarePlan?patient.identifier=" + nhs).then().body("total", equalTo(1));
        given().auth().oauth2(NURSE).get("/fhir/CarePlan?patient.identifier=" + nhs + "&careteam=east").then()
                .statusCode(400).body("issue[0].diagnostics", containsString("cluster"));
    }

    @Test
    void twoPeopleStartingAPlanOrACareTeamForOnePersonAtOnceMakeOneAndTheOtherHears409() {
        for (int round = 0; round < 5; round++) {
            String nhs = TestNhsNumbers.next();
            String plan = """
                    {"resourceType":"CarePlan","status":"active","intent":"plan",
                     "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}""".formatted(nhs);
            assertEquals(List.of(201, 409), together(plan, "/fhir/CarePlan"));
            String team = careTeam(nhs, member("Ann Lee", CarePlanContract.ACCOUNTABLE_PROFESSIONAL, "R1C"));
            assertEquals(List.of(201, 409), together(team, "/fhir/CareTeam"));
            given().auth().oauth2(NURSE).get("/fhir/CarePlan?patient.identifier=" + nhs).then().body("total", equalTo(1));
        }
    }

    /** The same create from two people at once; their statuses, sorted. */
    private static List<Integer> together(String body, String path) {
        var start = new java.util.concurrent.CountDownLatch(1);
        List<CompletableFuture<Integer>> calls = List.of(NURSE, SOCIAL_WORKER).stream()
                .map(token -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return given().auth().oauth2(token).contentType("application/fhir+json").body(body).post(path)
                            .then().extract().statusCode();
                })).toList();
        start.countDown();
        return calls.stream().map(CompletableFuture::join).sorted().toList();
    }

    @Test
    void aTaskIsEditedWholeOnTheVersionItNames() {
        String nhs = TestNhsNumbers.next();
        String task = TaskApiTest.task(nhs, "Medication review");
        String id = given().auth().oauth2(NURSE).contentType("application/fhir+json").body(task).post("/fhir/Task")
                .then().statusCode(201).extract().path("id");
        String later = task.replace("2026-12-01", "2026-12-15");
        given().auth().oauth2(NURSE).contentType("application/fhir+json").body(later).put("/fhir/Task/" + id).then()
                .statusCode(428);
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"").body(later)
                .put("/fhir/Task/" + id).then().statusCode(200).header("ETag", equalTo("W/\"2\""))
                .body("basedOn[0].type", equalTo("CarePlan"));
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"").body(later)
                .put("/fhir/Task/" + id).then().statusCode(412);
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"2\"")
                .body(later.replace(nhs, TestNhsNumbers.next())).put("/fhir/Task/" + id).then().statusCode(422);
        assertEquals("Medication review (requested, due 2026-12-15)", plan(nhs).getString("activity[0].reference.display"));
    }

    private JsonPath plan(String nhs) {
        return given().auth().oauth2(NURSE).get("/fhir/CarePlan?patient.identifier=" + nhs).then().statusCode(200)
                .body("total", equalTo(1)).extract().jsonPath().setRootPath("entry[0].resource");
    }

    private static boolean isEvent(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record, String type,
            String subject) {
        return subject.equals(TestEvents.header(record, CloudEventHeaders.SUBJECT))
                && type.equals(TestEvents.header(record, CloudEventHeaders.TYPE));
    }
}
