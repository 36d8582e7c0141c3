package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.relationships.PlanRelationships;
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
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Whose referrals each caller sees: a referring system its own, a cluster team those routed to
 * it, the SPA all. Nobody else's are found, counted or named.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class ReferralAccessTest {

    static final String FHIR_JSON = "application/fhir+json";
    static final DevKeys KEYS = DevKeys.forThisJvm();
    /** Practice J82001 refers; its people are the central cluster's. */
    static final String PRACTICE = KEYS.token("dr.patel", "J82001", Roles.REFERRER);
    static final String OTHER_PRACTICE = KEYS.token("dr.khan", "J82002", Roles.REFERRER);
    static final String SAME_PRACTICE_OTHER_USER = KEYS.token("reception.desk", "J82001", Roles.REFERRER);
    static final String CENTRAL_NURSE = KEYS.member("nurse.jones", "R1C", "central", Roles.COMMUNITY_NURSE);
    static final String WEST_NURSE = KEYS.member("nurse.west", "R1C", "west", Roles.COMMUNITY_NURSE);
    static final String SPA = KEYS.token("spa.coordinator", "R1C", Roles.SPA);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    PersonKeys personKeys;

    @Test
    void aReferrerSeesOnlyWhatItsOrganisationSent() {
        String nhs = TestNhsNumbers.next();
        String id = refer(PRACTICE, nhs);

        for (String path : List.of("", "/_history", "/_history/1")) {
            given().auth().oauth2(SAME_PRACTICE_OTHER_USER).get("/fhir/ServiceRequest/" + id + path).then()
                    .statusCode(200);
            String refusal = given().auth().oauth2(OTHER_PRACTICE).get("/fhir/ServiceRequest/" + id + path).then()
                    .statusCode(403).body("resourceType", equalTo("OperationOutcome"))
                    .body("issue[0].code", equalTo("forbidden"))
                    .body("issue[0].diagnostics", equalTo(ReferralAccess.NOT_YOURS)).extract().asString();
            assertFalse(refusal.contains(nhs), "the refusal names nobody: " + refusal);
        }
        given().auth().oauth2(OTHER_PRACTICE).get("/fhir/ServiceRequest?patient.identifier=" + nhs).then()
                .statusCode(200).body("total", equalTo(0)).body("entry", equalTo(null));
        given().auth().oauth2(OTHER_PRACTICE).get("/fhir/ServiceRequest?_count=1000").then()
                .statusCode(200).body("entry.resource.id", not(org.hamcrest.Matchers.hasItem(id)));
        given().auth().oauth2(PRACTICE).get("/fhir/ServiceRequest?patient.identifier=" + nhs).then()
                .statusCode(200).body("total", equalTo(1)).body("entry[0].resource.id", equalTo(id));
    }

    @Test
    void aClusterTeamSeesTheReferralsRoutedToItAndRecordsContactOnlyOnThose() {
        String nhs = TestNhsNumbers.next();
        String id = given().auth().oauth2(PRACTICE).contentType(FHIR_JSON)
                .body(ReferralBuilder.gpReferral(nhs).category("urgent-community-response").json())
                .post("/fhir/ServiceRequest").then().statusCode(201).body("performer[0].identifier.value",
                        equalTo("central")).extract().path("id");

        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/ServiceRequest/" + id).then().statusCode(200);
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/ServiceRequest?patient.identifier=" + nhs).then()
                .body("total", equalTo(1));
        given().auth().oauth2(WEST_NURSE).get("/fhir/ServiceRequest/" + id).then().statusCode(403);
        given().auth().oauth2(WEST_NURSE).get("/fhir/ServiceRequest?patient.identifier=" + nhs).then()
                .body("total", equalTo(0));
        given().auth().oauth2(WEST_NURSE).get("/fhir/ServiceRequest?cluster=central&_count=1000").then()
                .body("entry.resource.id", not(org.hamcrest.Matchers.hasItem(id)));

        String contact = "{\"resourceType\":\"Parameters\"}";
        given().auth().oauth2(WEST_NURSE).contentType(FHIR_JSON).body(contact)
                .post("/fhir/ServiceRequest/" + id + "/$record-contact").then().statusCode(403);
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest/" + id).then()
                .body("extension.find { it.url == '" + ReferralFhir.UCR_CLOCK + "' }.extension"
                        + ".find { it.url == 'firstFaceToFaceContact' }", equalTo(null));
        given().auth().oauth2(CENTRAL_NURSE).contentType(FHIR_JSON).body(contact)
                .post("/fhir/ServiceRequest/" + id + "/$record-contact").then().statusCode(200);
        // A cluster team reads; it does not refer.
        given().auth().oauth2(CENTRAL_NURSE).contentType(FHIR_JSON).body(ReferralBuilder.gpReferral(nhs).json())
                .post("/fhir/ServiceRequest").then().statusCode(403);
    }

    @Test
    void theSpaSeesEveryReferral() {
        String nhs = TestNhsNumbers.next();
        String first = refer(PRACTICE, nhs);
        String second = refer(OTHER_PRACTICE, nhs);
        JsonPath found = given().auth().oauth2(SPA).get("/fhir/ServiceRequest?patient.identifier=" + nhs).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(2, found.getInt("total"));
        assertEquals(java.util.Set.of(first, second), java.util.Set.copyOf(found.getList("entry.resource.id")));
    }

    /** Another sender's X-Request-ID is refused without showing the referral it made. */
    @Test
    void aRequestIdUsedByAnotherSenderShowsNothingOfTheirs() {
        String requestId = UUID.randomUUID().toString();
        String nhs = TestNhsNumbers.next();
        given().auth().oauth2(PRACTICE).contentType(FHIR_JSON).header("X-Request-ID", requestId)
                .body(Fhir.toJson(BarsMessageTest.message(UUID.randomUUID().toString(), nhs)))
                .post("/fhir/$process-message").then().statusCode(200);
        String answer = given().auth().oauth2(OTHER_PRACTICE).contentType(FHIR_JSON).header("X-Request-ID", requestId)
                .body(Fhir.toJson(BarsMessageTest.message(UUID.randomUUID().toString(), TestNhsNumbers.next())))
                .post("/fhir/$process-message").then().statusCode(409)
                .body(containsString("has been used before")).extract().asString();
        assertFalse(answer.contains(nhs), "the other sender's person is not shown: " + answer);
        assertFalse(answer.contains("ServiceRequest/"), "nor their referral: " + answer);
    }

    /**
     * A referral is addressed to the SPA, so an objection to sharing with the SPA's organisation
     * hides it from the teams of that organisation it is routed to, not from the SPA that must
     * route it.
     */
    @Test
    void anObjectionDoesNotHideAReferralFromTheSpaItWasSentTo() {
        String nhs = TestNhsNumbers.next();
        String id = given().auth().oauth2(PRACTICE).contentType(FHIR_JSON)
                .body(ReferralBuilder.gpReferral(nhs).category("urgent-community-response").json())
                .post("/fhir/ServiceRequest").then().statusCode(201).extract().path("id");
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/ServiceRequest/" + id).then().statusCode(200);

        String plan = UUID.randomUUID().toString();
        TestEvents.publishRelationships(bootstrapServers, personKeys.keyFor(new NhsNumber(nhs)), plan,
                new PlanRelationships(plan, 1, "active", nhs, "central", List.of(new PlanRelationships.Objection(
                        "Consent/" + UUID.randomUUID(), "R1C", "J82001"))).toJson());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> given().auth()
                .oauth2(CENTRAL_NURSE).get("/fhir/ServiceRequest/" + id).then().extract().statusCode() == 403);
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/ServiceRequest?patient.identifier=" + nhs).then()
                .body("total", equalTo(0));
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest/" + id).then().statusCode(200);
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest?patient.identifier=" + nhs).then().statusCode(200)
                .body("total", equalTo(1));
        given().auth().oauth2(PRACTICE).get("/fhir/ServiceRequest/" + id).then().statusCode(200);
    }

    private static String refer(String token, String nhs) {
        return given().auth().oauth2(token).contentType(FHIR_JSON).body(ReferralBuilder.gpReferral(nhs).json())
                .post("/fhir/ServiceRequest").then().statusCode(201).extract().path("id");
    }
}
