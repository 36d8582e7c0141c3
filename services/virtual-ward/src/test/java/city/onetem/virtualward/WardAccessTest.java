package city.onetem.virtualward;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.relationships.PlanRelationships;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.MonitoringKit;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A cluster team sees the virtual ward records of the people whose plan it holds (as
 * relationships.v1 says) and records readings for them on a home visit; nobody else's. A
 * monitoring device records readings for the person whose stay names it, and reads nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "virtualward"))
class WardAccessTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String CENTRAL_NURSE = KEYS.member("nurse.jones", "R1C", "central", Roles.COMMUNITY_NURSE);
    static final String WEST_NURSE = KEYS.member("nurse.west", "R1C", "west", Roles.COMMUNITY_NURSE);
    static final String FHIR_JSON = "application/fhir+json";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    PersonKeys personKeys;

    @Test
    void aClusterTeamSeesAndRecordsOnlyForThePeopleWhosePlanItHolds() {
        String nhs = TestNhsNumbers.next();
        String stay = given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType(FHIR_JSON)
                .body(AdmissionsTest.stay(nhs, "respiratory", "step-up", "")).post("/fhir/EpisodeOfCare").then()
                .statusCode(201).extract().path("id");
        String visit = MonitoringKit.bundle("transaction", readings(nhs));

        for (String path : List.of("/fhir/EpisodeOfCare/" + stay, "/fhir/EpisodeOfCare/" + stay + "/_history/1",
                "/fhir/EpisodeOfCare?patient.identifier=" + nhs, "/fhir/Observation?patient.identifier=" + nhs,
                "/fhir/Flag?patient.identifier=" + nhs, "/fhir/Task?patient.identifier=" + nhs)) {
            String refusal = given().auth().oauth2(CENTRAL_NURSE).get(path).then().statusCode(403)
                    .body("issue[0].diagnostics", equalTo(WardAccess.NOT_YOURS)).extract().asString();
            assertFalse(refusal.contains(nhs), refusal);
        }
        given().auth().oauth2(CENTRAL_NURSE).contentType(FHIR_JSON).body(visit).post("/fhir").then().statusCode(403);
        given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Observation?patient.identifier=" + nhs).then()
                .body("total", equalTo(0));

        String plan = UUID.randomUUID().toString();
        TestEvents.publishRelationships(bootstrapServers, personKeys.keyFor(new NhsNumber(nhs)), plan,
                new PlanRelationships(plan, 1, "active", nhs, "central", List.of()).toJson());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> given().auth()
                .oauth2(CENTRAL_NURSE).get("/fhir/EpisodeOfCare/" + stay).then().extract().statusCode() == 200);
        given().auth().oauth2(CENTRAL_NURSE).contentType(FHIR_JSON).body(visit).post("/fhir").then().statusCode(200);
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/Observation?patient.identifier=" + nhs + "&_count=100").then()
                .statusCode(200).body("total", equalTo(8)); // seven readings and their NEWS2 score
        given().auth().oauth2(WEST_NURSE).get("/fhir/EpisodeOfCare/" + stay).then().statusCode(403);
        given().auth().oauth2(WEST_NURSE).get("/fhir/Observation?patient.identifier=" + nhs).then().statusCode(403);
    }

    @Test
    void aMonitoringDeviceRecordsOnlyForThePersonItIsAssignedToAndReadsNothing() {
        String nhs = TestNhsNumbers.next();
        String neighbour = TestNhsNumbers.next();
        String kit = "kit-" + UUID.randomUUID().toString().substring(0, 8);
        String assigned = ",{\"url\":\"" + WardStay.MONITORING_DEVICE_EXTENSION + "\",\"valueIdentifier\":{\"system\":\""
                + WardStay.DEVICE_SYSTEM + "\",\"value\":\"" + kit + "\"}}";
        String stay = given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType(FHIR_JSON)
                .body(AdmissionsTest.stay(nhs, "respiratory", "step-up", assigned)).post("/fhir/EpisodeOfCare").then()
                .statusCode(201).body("extension.find { it.url == '" + WardStay.MONITORING_DEVICE_EXTENSION
                        + "' }.valueIdentifier.value", equalTo(kit)).extract().path("id");
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType(FHIR_JSON)
                .body(AdmissionsTest.stay(neighbour, "respiratory", "step-up", "")).post("/fhir/EpisodeOfCare").then()
                .statusCode(201);
        String device = KEYS.token(kit, "R1C", Roles.MONITORING_DEVICE);
        // One kit, one person at a time.
        String next = TestNhsNumbers.next();
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType(FHIR_JSON)
                .body(AdmissionsTest.stay(next, "respiratory", "step-up", assigned)).post("/fhir/EpisodeOfCare").then()
                .statusCode(409);

        given().auth().oauth2(device).contentType(FHIR_JSON).body(MonitoringKit.bundle("transaction", readings(nhs)))
                .post("/fhir").then().statusCode(200);
        given().auth().oauth2(device).contentType(FHIR_JSON)
                .body(MonitoringKit.bundle("transaction", readings(neighbour))).post("/fhir").then().statusCode(403)
                .body("issue[0].diagnostics", org.hamcrest.Matchers.endsWith(WardAccess.NOT_ASSIGNED));
        given().auth().oauth2(KEYS.token("kit-other", "R1C", Roles.MONITORING_DEVICE)).contentType(FHIR_JSON)
                .body(MonitoringKit.bundle("transaction", readings(nhs))).post("/fhir").then().statusCode(403);
        for (String path : List.of("/fhir/Observation?patient.identifier=" + nhs, "/fhir/EpisodeOfCare/" + stay)) {
            given().auth().oauth2(device).get(path).then().statusCode(403);
        }
        given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Observation?patient.identifier=" + nhs
                + "&_count=100").then().body("total", equalTo(8)); // seven readings and their NEWS2, from the kit

        // Once the person leaves the ward, their kit records nothing more.
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType(FHIR_JSON)
                .body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"outcome\",\"valueCode\":\"home\"}]}")
                .post("/fhir/EpisodeOfCare/" + stay + "/$discharge").then().statusCode(200);
        given().auth().oauth2(device).contentType(FHIR_JSON).body(MonitoringKit.bundle("transaction", readings(nhs)))
                .post("/fhir").then().statusCode(403);
        // ... and the kit goes to the next person, for whom it now records.
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType(FHIR_JSON)
                .body(AdmissionsTest.stay(next, "respiratory", "step-up", assigned)).post("/fhir/EpisodeOfCare").then()
                .statusCode(201);
        given().auth().oauth2(device).contentType(FHIR_JSON).body(MonitoringKit.bundle("transaction", readings(next)))
                .post("/fhir").then().statusCode(200);

        // A device named otherwise than by its client id is refused at admission, naming the element.
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType(FHIR_JSON)
                .body(AdmissionsTest.stay(TestNhsNumbers.next(), "respiratory", "step-up", ",{\"url\":\""
                        + WardStay.MONITORING_DEVICE_EXTENSION + "\",\"valueString\":\"the blue box\"}"))
                .post("/fhir/EpisodeOfCare").then().statusCode(400)
                .body("issue[0].expression[0]", org.hamcrest.Matchers.startsWith("EpisodeOfCare.extension("));
    }

    private static List<String> readings(String nhs) {
        String at = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        return MonitoringKit.readings(nhs, at, 16, 97, false, 120, 72, MonitoringKit.ALERT, "37.0");
    }
}
