package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.Topics;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.ServiceChecks;
import city.onetem.platform.testing.TestEvents;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class ServiceRequestApiTest {

    static final String FHIR_JSON = "application/fhir+json";
    static final String NHS_NUMBER = "9434765919";
    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String GP = KEYS.token("dr.patel", "J82001", Roles.REFERRER);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;

    static String referral(String nhsNumber) {
        return ReferralBuilder.gpReferral(nhsNumber).json();
    }

    @Test
    void aReferralIsStoredAsVersionOneAndPublishedAsACloudEvent() {
        Response created = given().auth().oauth2(GP).contentType(FHIR_JSON).body(referral(NHS_NUMBER))
                .post("/fhir/ServiceRequest");
        created.then().statusCode(201)
                .header("ETag", equalTo("W/\"1\""))
                .header("Location", containsString("/fhir/ServiceRequest/"))
                .header("Location", endsWith("/_history/1"))
                .body("resourceType", equalTo("ServiceRequest"))
                .body("meta.versionId", equalTo("1"));
        String id = created.path("id");

        given().auth().oauth2(GP).get("/fhir/ServiceRequest/" + id).then().statusCode(200)
                .header("ETag", equalTo("W/\"1\""))
                .body("subject.identifier.value", equalTo(NHS_NUMBER));
        given().auth().oauth2(GP).get("/fhir/ServiceRequest/" + id + "/_history/1").then().statusCode(200);
        given().auth().oauth2(GP).get("/fhir/ServiceRequest/" + id + "/_history").then().statusCode(200)
                .body("type", equalTo("history")).body("total", equalTo(1));
        given().auth().oauth2(GP).get("/fhir/ServiceRequest?patient.identifier=https://fhir.nhs.uk/Id/nhs-number|"
                + NHS_NUMBER).then().statusCode(200).body("entry.resource.id", hasItems(id));

        // Read on past a later referral for the person, so that a second copy would have been seen too.
        List<ConsumerRecord<String, String>> events = PublishedEvents.upToALaterReferralFor(bootstrapServers, NHS_NUMBER)
                .stream().filter(r -> isAbout(r, id)).toList();
        assertEquals(1, events.size(), "published once");
        ConsumerRecord<String, String> event = events.get(0);
        assertEquals(EventTypes.REFERRAL_RECEIVED, TestEvents.header(event, CloudEventHeaders.TYPE));
        assertEquals("1.0", TestEvents.header(event, CloudEventHeaders.SPEC_VERSION));
        assertEquals("/onetem/referrals", TestEvents.header(event, CloudEventHeaders.SOURCE));
        assertEquals("application/fhir+json", TestEvents.header(event, CloudEventHeaders.CONTENT_TYPE));
        assertFalse(event.key().contains(NHS_NUMBER), "the key must not reveal the NHS number");
        assertEquals(64, event.key().length());
    }

    @Test
    void theSamePersonHasTheSameKeyOnEveryEvent() {
        String first = given().auth().oauth2(GP).contentType(FHIR_JSON).body(referral("9000000009"))
                .post("/fhir/ServiceRequest").then().statusCode(201).extract().path("id");
        String second = given().auth().oauth2(GP).contentType(FHIR_JSON).body(referral("9000000009"))
                .post("/fhir/ServiceRequest").then().statusCode(201).extract().path("id");
        List<ConsumerRecord<String, String>> records = TestEvents.read(bootstrapServers, Topics.REFERRALS,
                Duration.ofSeconds(10), seen -> seen.stream().filter(r -> isAbout(r, first) || isAbout(r, second))
                        .count() == 2);
        List<String> keys = records.stream().filter(r -> isAbout(r, first) || isAbout(r, second))
                .map(ConsumerRecord::key).toList();
        assertEquals(2, keys.size(), "both referrals were published");
        assertEquals(keys.get(0), keys.get(1));
    }

    @Test
    void aBadNhsNumberIsRefusedAndNothingIsStoredOrPublished() throws Exception {
        long before = storedRows();
        given().auth().oauth2(GP).contentType(FHIR_JSON).body(referral("9434765918"))
                .post("/fhir/ServiceRequest").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].severity", equalTo("error"))
                .body("issue[0].diagnostics", containsString("modulus 11"))
                .body("issue[0].expression[0]", equalTo("ServiceRequest.subject.identifier.value"));
        assertEquals(before, storedRows());
    }

    @Test
    void malformedJsonIsRefusedAndNothingIsStored() throws Exception {
        long before = storedRows();
        given().auth().oauth2(GP).contentType(FHIR_JSON).body("{\"resourceType\":\"ServiceRequest\",\"status\":")
                .post("/fhir/ServiceRequest").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("structure"));
        assertEquals(before, storedRows());
    }

    @Test
    void anExtensionThatIsNotAnObjectIsRefusedAs400NotA500AndNothingIsStored() throws Exception {
        // A fuzzer found it: HAPI's parser threw a NullPointerException, answered as a 500.
        long before = storedRows();
        given().auth().oauth2(GP).contentType(FHIR_JSON)
                .body(referral(NHS_NUMBER).replaceFirst("\"extension\":\\[", "\"extension\":[\"x\","))
                .post("/fhir/ServiceRequest").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("structure"))
                .body("issue[0].diagnostics", containsString("must be an array of objects"));
        assertEquals(before, storedRows());
    }

    @Test
    void aBodyOverTheLimitIs413SayingTheLimitAndNothingIsStored() throws Exception {
        long before = storedRows();
        String huge = "{\"resourceType\":\"ServiceRequest\",\"note\":[{\"text\":\"" + "x".repeat(3 * 1024 * 1024)
                + "\"}]}";
        given().auth().oauth2(GP).contentType(FHIR_JSON).body(huge)
                .post("/fhir/ServiceRequest").then().statusCode(413)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("too-long"))
                .body("issue[0].diagnostics", containsString("at most 2097152 bytes"));
        assertEquals(before, storedRows());
    }

    @Test
    void aControlCharacterInTheBodyOrAQueryIs400AndNothingIsStored() throws Exception {
        long before = storedRows();
        String withNul = "{\"identifier\":[{\"system\":\"https://111.example/case\",\"value\":\"CASE\\u0000-1\"}],"
                + referral(NHS_NUMBER).substring(1);
        given().auth().oauth2(GP).contentType(FHIR_JSON).body(withNul)
                .post("/fhir/ServiceRequest").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("control character"));
        assertEquals(before, storedRows());
        given().auth().oauth2(GP).urlEncodingEnabled(false).get("/fhir/ServiceRequest?cluster=central%00")
                .then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].expression[0]", equalTo("cluster"));
    }

    @Test
    void aWrongContentTypeOrMethodSaysWhatToDoInstead() {
        given().auth().oauth2(GP).contentType("text/plain").body("please see the attached letter")
                .post("/fhir/ServiceRequest").then().statusCode(415)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("application/fhir+json"));
        given().auth().oauth2(GP).delete("/fhir/ServiceRequest").then().statusCode(405)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("DELETE is not supported on /fhir/ServiceRequest"));
    }

    @Test
    void anotherResourceTypeIsRefusedAndNothingIsStored() throws Exception {
        long before = storedRows();
        given().auth().oauth2(GP).contentType(FHIR_JSON)
                .body("{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\","
                        + "\"value\":\"9434765919\"}]}")
                .post("/fhir/ServiceRequest").then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("ServiceRequest"));
        assertEquals(before, storedRows());
    }

    @Test
    void aReferralWithoutAPersonIsRefusedNamingTheElement() {
        given().auth().oauth2(GP).contentType(FHIR_JSON)
                .body("{\"resourceType\":\"ServiceRequest\",\"status\":\"active\",\"intent\":\"order\"}")
                .post("/fhir/ServiceRequest").then().statusCode(400)
                .body("issue[0].expression[0]", equalTo("ServiceRequest.subject.identifier"));
    }

    @Test
    void anUnknownElementIsRefusedRatherThanSilentlyDropped() {
        given().auth().oauth2(GP).contentType(FHIR_JSON)
                .body(referral(NHS_NUMBER).replace("\"intent\"", "\"urgency\":\"high\",\"intent\""))
                .post("/fhir/ServiceRequest").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("urgency"));
    }

    @Test
    void withoutATokenTheApiAnswers401AsAnOperationOutcome() {
        given().contentType(FHIR_JSON).body(referral(NHS_NUMBER)).post("/fhir/ServiceRequest").then()
                .statusCode(401).header("WWW-Authenticate", equalTo("Bearer"))
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("login"));
        given().auth().oauth2("not-a-token").get("/fhir/ServiceRequest/x").then().statusCode(401)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void aTokenAcceptedMomentsAgoIsRefusedOnceItExpiresAndAnAlteredOneNeverPasses() throws InterruptedException {
        // exp is in whole seconds, so this token lives 3-4 s, and 1 s more with the test's clock skew.
        String shortLived = KEYS.token("nhs111", "NHS111", java.time.Duration.ofSeconds(4), Roles.REFERRER);
        given().auth().oauth2(shortLived).get("/fhir/ServiceRequest/does-not-exist").then().statusCode(404);
        given().auth().oauth2(shortLived).get("/fhir/ServiceRequest/does-not-exist").then().statusCode(404);
        Thread.sleep(5_500);
        given().auth().oauth2(shortLived).get("/fhir/ServiceRequest/does-not-exist").then().statusCode(401)
                .body("issue[0].code", equalTo("login"));

        String token = KEYS.token("nhs111", "NHS111", Roles.REFERRER);
        given().auth().oauth2(token).get("/fhir/ServiceRequest/does-not-exist").then().statusCode(404);
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String altered = token.substring(0, token.lastIndexOf('.') + 1)
                + (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
        given().auth().oauth2(altered).get("/fhir/ServiceRequest/does-not-exist").then().statusCode(401);
        // The same claims with another role are another token: no access carried over from the first.
        given().auth().oauth2(KEYS.token("nhs111", "NHS111", Roles.COMMUNITY_NURSE)).contentType(FHIR_JSON)
                .body(referral(NHS_NUMBER)).post("/fhir/ServiceRequest").then().statusCode(403);
    }

    @Test
    void aRoleWithoutAccessIsForbidden() {
        String careTeam = KEYS.token("nurse.jones", "R1C", Roles.COMMUNITY_NURSE);
        given().auth().oauth2(careTeam).contentType(FHIR_JSON).body(referral(NHS_NUMBER))
                .post("/fhir/ServiceRequest").then().statusCode(403)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("forbidden"));
    }

    @Test
    void anUnknownReferralIs404() {
        given().auth().oauth2(GP).get("/fhir/ServiceRequest/does-not-exist").then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome")).body("issue[0].code", equalTo("not-found"));
    }

    @Test
    void metadataAndHealthAreOpen() {
        ServiceChecks.assertReadyAndOpen();
        given().get("/fhir/metadata").then().statusCode(200)
                .body("fhirVersion", equalTo("4.0.1"))
                .body("rest[0].resource.type", hasItems("ServiceRequest"));
    }

    private static boolean isAbout(ConsumerRecord<String, String> record, String id) {
        return PublishedEvents.isAbout(record, id);
    }

    /** Every row a referral writes: a refused request must leave all of them as they were. */
    private long storedRows() throws Exception {
        return count("referral") + count("referral_version") + count("referral_identifier") + count("outbox_event");
    }

    private long count(String table) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
