package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.ReferralContract;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a plan says about a person beyond its activities: what matters to them, risks, the
 * anticipatory care plan with its review date, end of life wishes; and the city's counts of them.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class PlanContentTest {

    static final String NURSE = DevKeys.forThisJvm().member("nurse.jones", "R1C", "central", Roles.COMMUNITY_NURSE);

    static String plan(String nhs, String cluster, LocalDate review, boolean endOfLifeRegister) {
        return plan(nhs, cluster, review, endOfLifeRegister, "palliative");
    }

    static String plan(String nhs, String cluster, LocalDate review, boolean endOfLifeRegister, String targetGroup) {
        return """
                {"resourceType":"CarePlan","status":"active","intent":"plan","title":"One Team care plan",
                 "description":"What matters to me: staying at home with my cat",
                 "category":[{"coding":[{"system":"%s","code":"%s"}]}],
                 "extension":[
                   {"url":"%s","valueIdentifier":{"system":"%s","value":"%s"}},
                   {"url":"%s","extension":[
                     {"url":"plan","valueString":"If breathless at rest: call the cluster's community matron, then 111"},
                     {"url":"reviewDate","valueDate":"%s"}]},
                   {"url":"%s","extension":[
                     {"url":"register","valueBoolean":%s},
                     {"url":"preferredPlaceOfCare","valueString":"At home"},
                     {"url":"preferredPlaceOfDeath","valueString":"At home, with my daughter"},
                     {"url":"respect","valueDate":"2026-10-02"},
                     {"url":"chcFastTrack","valueBoolean":false}]}],
                 "contained":[
                   {"resourceType":"Condition","id":"falls","code":{"text":"Falls risk: two falls this year"},
                    "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}},
                   {"resourceType":"Flag","id":"safeguarding","status":"active","code":{"text":"Safeguarding: lives with a carer under investigation"},
                    "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}],
                 "addresses":[{"reference":"#falls"}],
                 "supportingInfo":[{"reference":"#safeguarding"}],
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}"""
                .formatted(CarePlanContract.TARGET_GROUP_SYSTEM, targetGroup, CarePlanContract.CLUSTER_EXTENSION, ReferralContract.CLUSTER_SYSTEM, cluster,
                        CarePlanContract.ANTICIPATORY_CARE_EXTENSION, review, CarePlanContract.END_OF_LIFE_EXTENSION,
                        endOfLifeRegister, nhs, nhs, nhs);
    }

    @Test
    void anticipatoryCareAndEndOfLifeWishesAreKeptAndCounted() {
        // A cluster of this test's own, so that other tests' plans do not move its counts.
        String cluster = "test-" + UUID.randomUUID();
        String teamNurse = DevKeys.forThisJvm().member("nurse.jones", "R1C", cluster, Roles.COMMUNITY_NURSE);
        JsonPath before = measures(null);
        String nhs = TestNhsNumbers.next();
        given().auth().oauth2(teamNurse).contentType("application/fhir+json")
                .body(plan(nhs, cluster, LocalDate.now().plusMonths(3), true)).post("/fhir/CarePlan").then().statusCode(201);
        given().auth().oauth2(teamNurse).contentType("application/fhir+json")
                .body(plan(TestNhsNumbers.next(), cluster, LocalDate.now().minusDays(1), false)).post("/fhir/CarePlan")
                .then().statusCode(201);
        given().auth().oauth2(teamNurse).contentType("application/fhir+json").body(PlanPartsTest.careTeam(nhs,
                """
                {"role":[{"coding":[{"system":"%s","code":"carer"}]}],"member":{"display":"Mary Brown (daughter)"}}"""
                        .formatted(CarePlanContract.CARE_TEAM_ROLE_SYSTEM))).post("/fhir/CareTeam").then().statusCode(201);
        // Another team of this test's own holds three plans.
        String neighbours = "test-" + UUID.randomUUID();
        String neighbour = DevKeys.forThisJvm().member("nurse.next", "R1C", neighbours, Roles.COMMUNITY_NURSE);
        for (int i = 0; i < 3; i++) {
            create(neighbour, plan(TestNhsNumbers.next(), neighbours, LocalDate.now().plusMonths(6), false));
        }

        JsonPath kept = given().auth().oauth2(teamNurse).get("/fhir/CarePlan?patient.identifier=" + nhs).then()
                .statusCode(200).extract().jsonPath().setRootPath("entry[0].resource");
        assertEquals("Falls risk: two falls this year", kept.getString("contained.find { it.id == 'falls' }.code.text"));
        assertEquals("#falls", kept.getString("addresses[0].reference"));
        assertEquals("At home, with my daughter", kept.getString("extension.find { it.url == '"
                + CarePlanContract.END_OF_LIFE_EXTENSION + "' }.extension.find { it.url == 'preferredPlaceOfDeath' }.valueString"));

        JsonPath team = measures(teamNurse, cluster);
        assertEquals(2, team.getLong("activePlans"));
        assertEquals(2, team.getLong("anticipatoryCare.plans"));
        assertEquals(1, team.getLong("anticipatoryCare.inDate"));
        assertEquals(1, team.getLong("anticipatoryCare.overdue"));
        assertEquals(1, team.getLong("endOfLifeRegister"));
        assertEquals(1, team.getLong("carersIdentified"));
        assertEquals(2L, team.getLong("activePlansByCluster." + cluster));
        // 2 people of the city's 249,000 is 0.0008%, shown to three places: 0.001%. (The city has at least the
        // five plans made here: a share taken from the city's count would be 0.002 or more.)
        assertEquals(249_000, team.getLong("population"));
        assertEquals(0.001, team.getDouble("percentOfPopulation"));
        assertEquals(2.0, team.getDouble("aimPercent"));
        assertEquals(false, team.getBoolean("smallNumbersSuppressed"), "a team's own figures are whole");
        assertEquals(3, measures(neighbour, neighbours).getLong("activePlans"));
        // Another team's figures and the city's count people this nurse has no relationship with: small numbers
        // (1 to 7) are suppressed, the rest rounded to the nearest 5.
        JsonPath theirs = measures(teamNurse, neighbours);
        assertEquals(true, theirs.getBoolean("smallNumbersSuppressed"));
        assertNull(theirs.get("activePlans"), "3 plans is a small number");
        assertNull(theirs.get("percentOfPopulation"), "a share of a suppressed count is suppressed");
        assertNull(theirs.get("activePlansByCluster." + neighbours));
        JsonPath city = measures(null);
        assertEquals(true, city.getBoolean("smallNumbersSuppressed"));
        assertNull(city.get("activePlansByCluster." + cluster), "2 plans is a small number");
        Long cityPlans = count(city, "activePlans");
        assertTrue(cityPlans == null || cityPlans % 5 == 0, "rounded to 5: " + cityPlans);
        Long cityPlansBefore = count(before, "activePlans");
        // Five more, each count rounded by at most 2: the rounded count moved up, or both are small numbers
        // (0 or suppressed before, 5 to 7 now).
        boolean bothSmall = cityPlans == null && (cityPlansBefore == null || cityPlansBefore == 0);
        assertTrue(bothSmall || cityPlans != null && (cityPlansBefore == null || cityPlans > cityPlansBefore),
                "the five plans made here are in the city's rounded count: " + cityPlansBefore + " then " + cityPlans);
        assertEquals(0, measures("no-such-cluster").getLong("activePlans"));
    }

    @Test
    void aMalformedSectionIsRefusedWithWhereAndChangesNothing() {
        String nhs = TestNhsNumbers.next();
        String body = plan(nhs, "central", LocalDate.now().plusMonths(1), false);
        String id = given().auth().oauth2(NURSE).contentType("application/fhir+json").body(body).post("/fhir/CarePlan")
                .then().statusCode(201).extract().path("id");
        String withId = body.replace("{\"resourceType\":\"CarePlan\",", "{\"resourceType\":\"CarePlan\",\"id\":\"" + id + "\",");

        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .body(withId.replaceFirst("\"valueDate\":\"[0-9-]+\"", "\"valueString\":\"next spring\""))
                .put("/fhir/CarePlan/" + id).then().statusCode(400)
                .body("issue[0].expression[0]", equalTo("CarePlan.extension('" + CarePlanContract.ANTICIPATORY_CARE_EXTENSION
                        + "').extension('reviewDate')"))
                .body("issue[0].diagnostics", containsString("valueDate"));
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .body(withId.replaceFirst("\\{\"url\":\"reviewDate\",\"valueDate\":\"[0-9-]+\"}", "")
                        .replace("111\"},", "111\"}"))
                .put("/fhir/CarePlan/" + id).then().statusCode(400)
                .body("issue[0].diagnostics", containsString("'reviewDate' is missing"));
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .body(withId.replace("\"url\":\"chcFastTrack\"", "\"url\":\"fastTrack\"")).put("/fhir/CarePlan/" + id)
                .then().statusCode(400).body("issue[0].diagnostics", containsString("chcFastTrack"));
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .body(withId.replaceFirst("\"valueDate\":\"[0-9-]+\"", "\"valueDate\":\"2027-03\""))
                .put("/fhir/CarePlan/" + id).then().statusCode(400).body("issue[0].diagnostics", containsString("whole date"));
        // A target group's code given only as an extension (_code): a 500 before (found by the fuzz suite).
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .body(withId.replaceFirst("(\"system\":\"" + CarePlanContract.TARGET_GROUP_SYSTEM + "\",)\"code\":\"[a-z-]+\"",
                        "$1\"_code\":{\"id\":\"x1\"}"))
                .put("/fhir/CarePlan/" + id).then().statusCode(400)
                .body("issue[0].expression[0]", equalTo("CarePlan.category[0]"));
        given().auth().oauth2(NURSE).get("/fhir/CarePlan/" + id).then().statusCode(200).header("ETag", equalTo("W/\"1\""));
    }

    @Test
    void aTeamsCaseListForItsMeetingIsItsPlansInAGroupDueForReview() {
        String cluster = "test-" + UUID.randomUUID();
        String teamNurse = DevKeys.forThisJvm().member("nurse.jones", "R1C", cluster, Roles.COMMUNITY_NURSE);
        LocalDate today = LocalDate.now();
        String dueSoon = create(teamNurse, plan(TestNhsNumbers.next(), cluster, today.plusDays(10), false, "heart-failure"));
        create(teamNurse, plan(TestNhsNumbers.next(), cluster, today.plusDays(60), false, "heart-failure"));
        create(teamNurse, plan(TestNhsNumbers.next(), cluster, today.plusDays(5), true, "palliative"));
        given().auth().oauth2(teamNurse).get("/fhir/CarePlan?cluster=" + cluster + "&target-group=heart-failure&review-due="
                + today.plusDays(30)).then().statusCode(200).body("total", equalTo(1))
                .body("entry[0].resource.id", equalTo(dueSoon));
        given().auth().oauth2(teamNurse).get("/fhir/CarePlan?cluster=" + cluster + "&review-due=next-week").then()
                .statusCode(400).body("issue[0].expression[0]", equalTo("review-due"));

        // Target groups are data: an unknown one is refused, naming the city's groups, until the city adds it.
        String dementia = plan(TestNhsNumbers.next(), cluster, today.plusDays(10), false, "dementia");
        given().auth().oauth2(teamNurse).contentType("application/fhir+json").body(dementia).post("/fhir/CarePlan").then()
                .statusCode(400).body("issue[0].diagnostics", containsString("heart-failure"));
        given().auth().oauth2(teamNurse).contentType("application/json").body("{\"name\":\"People living with dementia\"}")
                .put("/careplans/target-groups/dementia").then().statusCode(200);
        given().auth().oauth2(teamNurse).get("/careplans/target-groups").then().statusCode(200)
                .body("find { it.code == 'dementia' }.name", equalTo("People living with dementia"));
        String withDementia = create(teamNurse, dementia);
        given().auth().oauth2(teamNurse).get("/fhir/CarePlan?cluster=" + cluster + "&target-group=dementia").then()
                .body("entry.resource.id", org.hamcrest.Matchers.contains(withDementia));
    }

    @Test
    void anMdtReviewSaysWhoAttendedSetsTheNextReviewAndWritesActionsBackAsTasks() {
        String nhs = TestNhsNumbers.next();
        String id = create(plan(nhs, "central", LocalDate.now().plusDays(3), false));
        String review = """
                {"resourceType":"Parameters","parameter":[
                  {"name":"attended","valueString":"Solent NHS Trust community nursing"},
                  {"name":"attended","valueString":"Southampton City Council adult social care"},
                  {"name":"attended","valueString":"Age UK Southampton"},
                  {"name":"summary","valueString":"Struggling with stairs; wants to stay at home"},
                  {"name":"nextReview","valueDate":"2027-02-15"},
                  {"name":"action","part":[{"name":"description","valueString":"Occupational therapy home assessment"},
                    {"name":"owner","valueString":"Sam Okoro, OT"},{"name":"ownerIdentifier","valueString":"sam.okoro"},
                    {"name":"due","valueDate":"2026-12-04"}]},
                  {"name":"action","part":[{"name":"description","valueString":"Befriending referral"},
                    {"name":"owner","valueString":"Age UK Southampton"}]}]}""";
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .body(review.replace("\"attended\"", "\"went\"")).post("/fhir/CarePlan/" + id + "/$mdt-review").then()
                .statusCode(400).body("issue[0].diagnostics", containsString("attended"));

        JsonPath reviewed = given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .body(review).post("/fhir/CarePlan/" + id + "/$mdt-review").then().statusCode(200)
                .header("ETag", equalTo("W/\"2\"")).extract().jsonPath();
        assertTrue(reviewed.getString("note[0].text").startsWith("MDT review on "), reviewed.getString("note[0].text"));
        assertTrue(reviewed.getString("note[0].text").endsWith("attended by Solent NHS Trust community nursing, Southampton "
                + "City Council adult social care, Age UK Southampton: Struggling with stairs; wants to stay at home"));
        assertEquals("2027-02-15", reviewed.getString("extension.find { it.url == '" + CarePlanContract.ANTICIPATORY_CARE_EXTENSION
                + "' }.extension.find { it.url == 'reviewDate' }.valueDate"));
        assertEquals(List.of("Occupational therapy home assessment (requested, owner Sam Okoro, OT, due 2026-12-04)",
                "Befriending referral (requested, owner Age UK Southampton)"), reviewed.getList("activity.reference.display"));
        given().auth().oauth2(NURSE).get("/fhir/Task?owner=sam.okoro&patient.identifier=" + nhs).then()
                .body("total", equalTo(1)).body("entry[0].resource.basedOn[0].identifier.value", equalTo(id));
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"").body(review)
                .post("/fhir/CarePlan/" + id + "/$mdt-review").then().statusCode(412);

        // A next review date for a plan without an anticipatory care plan changes nothing, tasks included.
        String bare = TestNhsNumbers.next();
        String bareId = create("""
                {"resourceType":"CarePlan","status":"active","intent":"plan",
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}""".formatted(bare));
        given().auth().oauth2(NURSE).contentType("application/fhir+json").body(review)
                .post("/fhir/CarePlan/" + bareId + "/$mdt-review").then().statusCode(422);
        given().auth().oauth2(NURSE).get("/fhir/CarePlan/" + bareId).then().header("ETag", equalTo("W/\"1\""));
        given().auth().oauth2(NURSE).get("/fhir/Task?patient.identifier=" + bare).then().body("total", equalTo(0));
    }

    /** A count as shown, or null when suppressed (JSON numbers come back as Integer or Double). */
    private static Long count(JsonPath measures, String path) {
        Number shown = measures.get(path);
        return shown == null ? null : shown.longValue();
    }

    private static String create(String plan) {
        return create(NURSE, plan);
    }

    private static String create(String token, String plan) {
        return given().auth().oauth2(token).contentType("application/fhir+json").body(plan).post("/fhir/CarePlan")
                .then().statusCode(201).extract().path("id");
    }

    private static JsonPath measures(String cluster) {
        return measures(NURSE, cluster);
    }

    private static JsonPath measures(String token, String cluster) {
        return given().auth().oauth2(token).queryParams(cluster == null ? java.util.Map.of() : java.util.Map.of("cluster", cluster))
                .get("/careplans/measures").then().statusCode(200).extract()
                .jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }
}
