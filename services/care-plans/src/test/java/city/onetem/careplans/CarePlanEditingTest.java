package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.events.Topics;
import city.onetem.platform.store.VersionedResource;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Several people editing one shared plan: nobody overwrites anybody silently, and every version says who. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class CarePlanEditingTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String NURSE = KEYS.member("nurse.jones", "R1C", "central", Roles.COMMUNITY_NURSE);
    static final String SOCIAL_WORKER = KEYS.member("sw.ahmed", "SCC01", "central", Roles.SOCIAL_WORKER);
    static final String CHANGED_BY = "meta.extension.find { it.url == '" + VersionedResource.CHANGED_BY + "' }.valueString";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    PersonKeys personKeys;

    @Test
    void anEditNamesItsVersionAndEachVersionSaysWhoChangedIt() {
        String nhs = TestNhsNumbers.next();
        JsonPath plan = planFor(nhs);
        String id = plan.getString("id");
        String edited = plan.prettify().replace("\"title\": \"One Team care plan\"",
                "\"title\": \"One Team care plan\", \"description\": \"What matters to me: staying in my own home\"");

        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"").body(edited)
                .put("/fhir/CarePlan/" + id).then().statusCode(200).header("ETag", equalTo("W/\"2\""))
                // As FHIR servers answer: a generic client learns the id and version it now holds.
                .header("Content-Location", endsWith("/fhir/CarePlan/" + id + "/_history/2"))
                .body("description", containsString("staying in my own home"))
                .body(CHANGED_BY, equalTo("nurse.jones (R1C)"));

        JsonPath history = given().auth().oauth2(NURSE).get("/fhir/CarePlan/" + id + "/_history").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("2", "1"), history.getList("entry.resource.meta.versionId"));
        assertEquals("nurse.jones (R1C)", history.getString("entry[0].resource." + CHANGED_BY));
        assertTrue(history.getString("entry[1].resource." + CHANGED_BY).startsWith("event referral.received.v1"));

        assertTrue(TestEvents.read(bootstrapServers, Topics.CARE_PLANS, Duration.ofSeconds(10),
                        seen -> seen.stream().anyMatch(r -> isUpdate(r, id))).stream().anyMatch(r -> isUpdate(r, id)),
                "careplan.updated.v1 published");
    }

    @Test
    void twoPeopleEditingTheSameVersionOneSucceedsTheOtherGets412() {
        JsonPath plan = planFor(TestNhsNumbers.next());
        String id = plan.getString("id");
        String body = plan.prettify();
        List<Integer> statuses = List.of(NURSE, SOCIAL_WORKER).stream()
                .map(token -> CompletableFuture.supplyAsync(() -> given().auth().oauth2(token)
                        .contentType("application/fhir+json").header("If-Match", "W/\"1\"").body(body)
                        .put("/fhir/CarePlan/" + id).then().extract().statusCode()))
                .toList().stream().map(CompletableFuture::join).sorted().toList();
        assertEquals(List.of(200, 412), statuses);
        given().auth().oauth2(NURSE).get("/fhir/CarePlan/" + id).then().header("ETag", equalTo("W/\"2\""));
    }

    @Test
    void anEditWithoutIfMatchOrForAnotherPersonIsRefused() {
        JsonPath plan = planFor(TestNhsNumbers.next());
        String id = plan.getString("id");
        given().auth().oauth2(NURSE).contentType("application/fhir+json").body(plan.prettify())
                .put("/fhir/CarePlan/" + id).then().statusCode(428).body("issue[0].diagnostics", containsString("If-Match"));
        String otherPerson = plan.prettify().replace(plan.getString("subject.identifier.value"), TestNhsNumbers.next());
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"").body(otherPerson)
                .put("/fhir/CarePlan/" + id).then().statusCode(422);
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .body(plan.prettify()).put("/fhir/CarePlan/another-plan").then().statusCode(400);
        given().auth().oauth2(KEYS.token("nhs111", "NHS111", Roles.REFERRER)).contentType("application/fhir+json")
                .header("If-Match", "W/\"1\"").body(plan.prettify()).put("/fhir/CarePlan/" + id).then().statusCode(403);
        given().auth().oauth2(NURSE).get("/fhir/CarePlan/" + id).then().header("ETag", equalTo("W/\"1\""));
    }

    /** A plan made the way people get one: a referral to the SPA. */
    private JsonPath planFor(String nhs) {
        new SpaEvents(bootstrapServers, personKeys).received(nhs, "Community nursing");
        String id = Plans.await(NURSE, nhs, 1, Duration.ofSeconds(15)).getString("id");
        return new JsonPath(given().auth().oauth2(NURSE).get("/fhir/CarePlan/" + id).then().statusCode(200).extract()
                .asString());
    }

    private static boolean isUpdate(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record, String id) {
        return ("CarePlan/" + id).equals(TestEvents.header(record, CloudEventHeaders.SUBJECT))
                && EventTypes.CAREPLAN_UPDATED.equals(TestEvents.header(record, CloudEventHeaders.TYPE));
    }
}
