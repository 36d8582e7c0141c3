package city.onetem.virtualward;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Admissions to the virtual wards on the real broker and database: admitted and announced to
 * the care plan, a full ward refused with the reason and nothing changed, a named clinician's
 * override admitted and recorded, one ward at a time per person, bad requests explained.
 * The frailty ward has 2 beds in the tests.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "virtualward"))
class AdmissionsTest {

    static final String CLINICIAN = DevKeys.forThisJvm().token("dr.okafor", "R1C", Roles.VIRTUAL_WARD);
    static final String NURSE = DevKeys.forThisJvm().token("nurse.jones", "R1C", Roles.COMMUNITY_NURSE);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @jakarta.inject.Inject
    HospitalDischarges discharges;
    @jakarta.inject.Inject
    city.onetem.platform.events.PersonKeys personKeys;

    @Test
    void anAdmissionIsStoredAnnouncedAndRefusedBeyondTheBedsUnlessAClinicianOverrides() {
        String first = TestNhsNumbers.next();
        String id = admit(stay(first, "respiratory", "step-up", "")).statusCode(201)
                .header("Location", containsString("/fhir/EpisodeOfCare/")).extract().path("id");
        given().auth().oauth2(CLINICIAN).get("/fhir/EpisodeOfCare?patient.identifier=" + first).then().statusCode(200)
                .body("total", equalTo(1)).body("entry[0].resource.status", equalTo("active"))
                .body("entry[0].resource.type[0].text", equalTo("Respiratory"))
                .body("entry[0].resource.careManager.display", equalTo("Dr Okafor"));
        List<ConsumerRecord<String, String>> records = TestEvents.read(bootstrapServers, Topics.VIRTUAL_WARD,
                Duration.ofSeconds(15), seen -> seen.stream().anyMatch(r -> about(r, id)));
        assertEquals(List.of(EventTypes.VIRTUALWARD_ADMITTED), records.stream().filter(r -> about(r, id))
                .map(r -> TestEvents.header(r, CloudEventHeaders.TYPE)).toList(), "the care plan hears of it");

        // Fill the frailty ward (2 beds in the tests), whatever earlier tests left there.
        int admitted = 0;
        while (admitted < 3 && admit(stay(TestNhsNumbers.next(), "frailty", "step-down", "")).extract().statusCode() == 201) {
            admitted++;
        }
        assertTrue(admitted <= 2, "a 2-bed ward took " + admitted);
        String refused = TestNhsNumbers.next();
        admit(stay(refused, "frailty", "step-up", "")).statusCode(422)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("The Frailty virtual ward is full (2 of 2 beds)"));
        given().auth().oauth2(CLINICIAN).get("/fhir/EpisodeOfCare?patient.identifier=" + refused).then()
                .body("total", equalTo(0));

        String override = """
                ,{"url":"%s","extension":[{"url":"clinician","valueString":"Dr Okafor, consultant geriatrician"},
                  {"url":"reason","valueString":"Lives alone; hospital bed would be worse for her"}]}"""
                .formatted(WardStay.CAPACITY_OVERRIDE_EXTENSION);
        admit(stay(refused, "frailty", "step-up", override)).statusCode(201)
                .body("extension.find { it.url == '" + WardStay.CAPACITY_OVERRIDE_EXTENSION + "' }.extension[0].valueString",
                        equalTo("Dr Okafor, consultant geriatrician"));
        String unnamed = """
                ,{"url":"%s","extension":[{"url":"reason","valueString":"urgent"}]}"""
                .formatted(WardStay.CAPACITY_OVERRIDE_EXTENSION);
        admit(stay(TestNhsNumbers.next(), "frailty", "step-up", unnamed)).statusCode(400)
                .body("issue[0].diagnostics", containsString("names the clinician and the reason"));
    }

    @Test
    void aPersonIsOnOneWardAtATime() {
        String nhs = TestNhsNumbers.next();
        admit(stay(nhs, "heart-failure", "step-down", "")).statusCode(201);
        admit(stay(nhs, "respiratory", "step-up", "")).statusCode(409)
                .body("issue[0].diagnostics", containsString("already on a virtual ward"));
    }

    @Test
    void badAdmissionsAreExplainedAndChangeNothing() {
        String nhs = TestNhsNumbers.next();
        admit(stay("1234567890", "frailty", "step-up", "")).statusCode(400)
                .body("issue[0].expression[0]", equalTo("EpisodeOfCare.patient.identifier"));
        admit(stay(nhs, "maternity", "step-up", "")).statusCode(400)
                .body("issue[0].diagnostics", containsString("frailty, heart-failure, respiratory"));
        admit(stay(nhs, "respiratory", "sideways", "")).statusCode(400)
                .body("issue[0].diagnostics", containsString("step-up"));
        admit(stay(nhs, "respiratory", "step-up", "").replace("\"careManager\":{\"display\":\"Dr Okafor\"},", ""))
                .statusCode(400).body("issue[0].expression[0]", equalTo("EpisodeOfCare.careManager"));
        given().auth().oauth2(CLINICIAN).get("/fhir/EpisodeOfCare?patient.identifier=" + nhs).then()
                .body("total", equalTo(0));
        given().auth().oauth2(NURSE).contentType("application/fhir+json").body(stay(nhs, "respiratory", "step-up", ""))
                .post("/fhir/EpisodeOfCare").then().statusCode(403);
    }

    @Test
    void aStepDownIsLinkedToTheHospitalStayItFollows() throws Exception {
        String nhs = TestNhsNumbers.next();
        String encounter = java.util.UUID.randomUUID().toString();
        Instant left = Instant.now().minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String discharged = """
                {"resourceType":"Encounter","id":"%s","meta":{"versionId":"3"},"status":"finished",
                 "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "serviceProvider":{"display":"Southampton General Hospital"},
                 "period":{"start":"%s","end":"%s"}}""".formatted(encounter, nhs, left.minus(Duration.ofDays(5)), left);
        TestEvents.publish(bootstrapServers, Topics.DISCHARGES, personKeys.keyFor(new NhsNumber(nhs)), Map.of(
                CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, java.util.UUID.randomUUID().toString(),
                CloudEventHeaders.SOURCE, "/onetem/discharge", CloudEventHeaders.TYPE, EventTypes.DISCHARGE_DISCHARGED,
                CloudEventHeaders.TIME, left.toString(), CloudEventHeaders.SUBJECT, "Encounter/" + encounter,
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.FHIR_JSON), discharged);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (discharges.latest(nhs, left.minus(Duration.ofDays(1))).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        admit(stay(nhs, "heart-failure", "step-down", "").replace("2026-11-30T09:00:00Z", now)).statusCode(201)
                .body("extension.find { it.url == '" + WardStay.STEP_DOWN_FROM_EXTENSION + "' }.valueReference.reference",
                        equalTo("Encounter/" + encounter))
                .body("extension.find { it.url == '" + WardStay.STEP_DOWN_FROM_EXTENSION + "' }.valueReference.display",
                        containsString("Southampton General Hospital, discharged"));
        // A step-up has nothing to follow.
        String other = TestNhsNumbers.next();
        admit(stay(other, "heart-failure", "step-up", "")).statusCode(201)
                .body("extension.find { it.url == '" + WardStay.STEP_DOWN_FROM_EXTENSION + "' }", org.hamcrest.Matchers.nullValue());
    }

    private static ValidatableResponse admit(String body) {
        return given().auth().oauth2(CLINICIAN).contentType("application/fhir+json").body(body)
                .post("/fhir/EpisodeOfCare").then();
    }

    static String stay(String nhs, String ward, String route, String moreExtensions) {
        return """
                {"resourceType":"EpisodeOfCare","status":"active",
                 "extension":[{"url":"%s","valueCode":"%s"}%s],
                 "type":[{"coding":[{"system":"%s","code":"%s"}]}],
                 "patient":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "careManager":{"display":"Dr Okafor"},
                 "period":{"start":"2026-11-30T09:00:00Z"}}"""
                .formatted(WardStay.ROUTE_EXTENSION, route, moreExtensions, WardStay.WARD_SYSTEM, ward, nhs);
    }

    private static boolean about(ConsumerRecord<String, String> record, String id) {
        return ("EpisodeOfCare/" + id).equals(TestEvents.header(record, CloudEventHeaders.SUBJECT));
    }
}
