package city.onetem.virtualward;

import static io.restassured.RestAssured.given;

import city.onetem.platform.access.Roles;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.MonitoringKit;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import city.onetem.platform.testing.fuzz.DatabaseSnapshot;
import city.onetem.platform.testing.fuzz.FuzzTarget;
import city.onetem.platform.testing.fuzz.ParkedEventEndpoints;
import city.onetem.platform.testing.fuzz.WriteEndpoint;
import city.onetem.platform.testing.fuzz.WriteEndpointFuzz;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every FHIR write of the virtual ward, fuzzed as the other services' are: admissions, readings
 * one at a time and as a Bundle, and the operations on a stay and an escalation get mutated bodies,
 * ids, If-Match and values; none gets a 5xx, and a refusal is a 4xx OperationOutcome that leaves
 * every row and the outbox as they were.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "virtualward"))
class BadInputFuzzTest {

    static final String OPERATOR = DevKeys.forThisJvm().token("oncall.engineer", "R1C", Roles.OPERATOR);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyWriteAnswersBadInputWithA4xxOperationOutcomeAndWritesNothing() {
        DatabaseSnapshot snapshot = DatabaseSnapshot.of(dataSource)
                .counting("ward_stay", "ward_stay_version", "observation", "escalation", "missed_reading", "outbox_event")
                .checksumOf("parked_event");
        String monitored = admitted();
        String taken = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        FuzzTarget scale = new FuzzTarget(stay());
        FuzzTarget discharge = new FuzzTarget(stay());
        FuzzTarget acknowledge = new FuzzTarget(escalation());

        WriteEndpointFuzz.of(URI.create("http://localhost:" + RestAssured.port + "/"), snapshot)
                .endpoint(WriteEndpoint.post("/fhir/EpisodeOfCare").as(AdmissionsTest.CLINICIAN)
                        .body(AdmissionsTest.stay(TestNhsNumbers.next(), "respiratory", "step-up", "")))
                .endpoint(WriteEndpoint.post("/fhir/Observation").as(AdmissionsTest.CLINICIAN)
                        .body(MonitoringKit.readings(monitored, taken, 18, 95, false, 118, 88, MonitoringKit.ALERT, "37.6")
                                .get(4)))
                .endpoint(WriteEndpoint.post("/fhir").as(AdmissionsTest.CLINICIAN)
                        .body(MonitoringKit.bundle("transaction", MonitoringKit.readings(monitored, taken, 18, 95, false,
                                118, 88, MonitoringKit.ALERT, "37.6"))))
                .endpoint(WriteEndpoint.post("/fhir/EpisodeOfCare/{id}/$spo2-scale").as(AdmissionsTest.CLINICIAN)
                        .body("""
                                {"resourceType":"Parameters","parameter":[{"name":"scale","valueInteger":2},
                                 {"name":"clinician","valueString":"Dr Okafor"}]}""")
                        .target(scale::id).ifMatch(scale::ifMatch).onAccepted(scale::keep))
                .endpoint(WriteEndpoint.post("/fhir/EpisodeOfCare/{id}/$discharge").as(AdmissionsTest.CLINICIAN)
                        .body("""
                                {"resourceType":"Parameters","parameter":[{"name":"outcome","valueCode":"home"}]}""")
                        .target(discharge::id).ifMatch(discharge::ifMatch).onAccepted(discharge::moveOn))
                .endpoint(WriteEndpoint.post("/fhir/Flag/{id}/$acknowledge").as(AdmissionsTest.CLINICIAN).body("{}")
                        .target(acknowledge::id).onAccepted(acknowledge::moveOn))
                .endpoints(ParkedEventEndpoints.all(OPERATOR))
                .run();
    }

    private static String admitted() {
        String nhs = TestNhsNumbers.next();
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json")
                .body(AdmissionsTest.stay(nhs, "heart-failure", "step-up", "")).post("/fhir/EpisodeOfCare").then()
                .statusCode(201);
        return nhs;
    }

    /** A stay on the respiratory ward, admitted for the operation. */
    private static Supplier<FuzzTarget.Made> stay() {
        return () -> {
            String id = given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json")
                    .body(AdmissionsTest.stay(TestNhsNumbers.next(), "respiratory", "step-down", ""))
                    .post("/fhir/EpisodeOfCare").then().statusCode(201).extract().path("id");
            return new FuzzTarget.Made(id, 1);
        };
    }

    /** An open escalation: a high-risk set for a newly admitted person. */
    private static Supplier<FuzzTarget.Made> escalation() {
        return () -> {
            String nhs = admitted();
            given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json")
                    .body(MonitoringKit.bundle("transaction", MonitoringKit.readings(nhs, Instant.now().truncatedTo(
                            ChronoUnit.SECONDS).toString(), 25, 91, true, 90, 131, MonitoringKit.ALERT, "39.1")))
                    .post("/fhir").then().statusCode(200);
            String id = given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Flag?patient.identifier=" + nhs).then()
                    .statusCode(200).extract().path("entry[0].resource.id");
            return new FuzzTarget.Made(id, 1);
        };
    }
}
