package city.onetem.virtualward;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.relationships.PlanRelationships;
import city.onetem.platform.testing.AccessMatrix;
import city.onetem.platform.testing.AccessMatrix.Cell;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The virtual ward's access rules as a matrix: every role, every resource type, every operation
 * it takes (read, search, history, create, update, measures), for a member of the team that holds
 * the person's plan and for a member of another team. Each cell is allowed or refused as
 * docs/security.md says, and leaves exactly one AuditEvent, with the outcome it had.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "virtualward"))
class AccessMatrixTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String AUDITOR = KEYS.token("matrix.auditor", "R1C", Roles.AUDITOR);
    static final String FHIR_JSON = "application/fhir+json";

    /** The operations each resource type takes here; the measures are the wards'. */
    static final Map<String, List<String>> OPERATIONS = new LinkedHashMap<>();

    static {
        OPERATIONS.put("EpisodeOfCare", List.of("read", "search", "history", "create", "update", "measures"));
        OPERATIONS.put("Observation", List.of("read", "search", "create"));
        OPERATIONS.put("Flag", List.of("read", "search"));
        OPERATIONS.put("Task", List.of("read", "search"));
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    PersonKeys personKeys;


    @Test
    void everyRoleResourceAndOperationIsAllowedOrRefusedAsTheRulesSayAndAuditedOnce() {
        String nhs = TestNhsNumbers.next();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("EpisodeOfCare", given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType(FHIR_JSON)
                .body(AdmissionsTest.stay(nhs, "respiratory", "step-up", "")).post("/fhir/EpisodeOfCare").then()
                .statusCode(201).extract().path("id"));
        // Readings that escalate: a Flag and a Task for the responsible clinician.
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType(FHIR_JSON).body(MonitoringKit.bundle("transaction",
                MonitoringKit.readings(nhs, now(), 25, 91, true, 90, 131, MonitoringKit.NEW_CONFUSION, "39.2")))
                .post("/fhir").then().statusCode(200);
        for (String type : List.of("Observation", "Flag", "Task")) {
            ids.put(type, given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/" + type + "?patient.identifier="
                    + nhs).then().statusCode(200).extract().path("entry[0].resource.id"));
        }
        String plan = UUID.randomUUID().toString();
        TestEvents.publishRelationships(bootstrapServers, personKeys.keyFor(new NhsNumber(nhs)), plan,
                new PlanRelationships(plan, 1, "active", nhs, "central", List.of()).toJson());
        String holder = KEYS.member("matrix.holder", "R1C", "central", Roles.COMMUNITY_NURSE);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> given().auth()
                .oauth2(holder).get("/fhir/EpisodeOfCare/" + ids.get("EpisodeOfCare")).then().extract()
                .statusCode() == 200);

        AccessMatrix.assertAsTheRulesSay(AUDITOR, Roles.ALL, OPERATIONS, cell -> perform(cell, nhs, ids),
                AccessMatrixTest::expected);
    }

    /**
     * As docs/security.md: the ward's clinicians everything; the SPA admits and reads the stays;
     * a member of the holding team reads everything and records readings; the measures go to the
     * three of them (with small numbers suppressed for all but the clinicians); nobody else anything.
     */
    static int expected(Cell cell) {
        boolean clinician = Roles.VIRTUAL_WARD.equals(cell.role());
        boolean spa = Roles.SPA.equals(cell.role());
        boolean clusterTeam = Roles.CLUSTER_TEAM.contains(cell.role());
        boolean created = cell.operation().equals("create");
        if (cell.operation().equals("measures")) {
            return clinician || spa || clusterTeam ? 200 : 403;
        }
        if (clinician) {
            return created ? 201 : 200;
        }
        if (spa) {
            boolean stay = cell.type().equals("EpisodeOfCare") && !cell.operation().equals("update");
            return stay ? (created ? 201 : 200) : 403;
        }
        if (clusterTeam && cell.same()) {
            boolean admitsOrChanges = cell.type().equals("EpisodeOfCare") && (created || cell.operation().equals("update"));
            return admitsOrChanges ? 403 : created ? 201 : 200;
        }
        return 403;
    }

    private static int perform(Cell cell, String nhs, Map<String, String> ids) {
        String token = KEYS.member(cell.user(), "R1C", cell.same() ? "central" : "east", cell.role());
        String type = cell.type();
        String id = ids.get(type);
        return switch (cell.operation()) {
            case "read" -> given().auth().oauth2(token).get("/fhir/" + type + "/" + id).statusCode();
            case "search" -> given().auth().oauth2(token).get("/fhir/" + type + "?patient.identifier=" + nhs)
                    .statusCode();
            case "history" -> given().auth().oauth2(token).get("/fhir/" + type + "/" + id + "/_history/1").statusCode();
            case "create" -> type.equals("EpisodeOfCare")
                    ? given().auth().oauth2(token).contentType(FHIR_JSON).body(AdmissionsTest.stay(TestNhsNumbers.next(),
                            "respiratory", "step-up", "")).post("/fhir/EpisodeOfCare").statusCode()
                    : given().auth().oauth2(token).contentType(FHIR_JSON).body(MonitoringKit.readings(nhs, now(), 18,
                            96, false, 118, 80, MonitoringKit.ALERT, "37.1").get(4)).post("/fhir/Observation").statusCode();
            case "update" -> given().auth().oauth2(token).contentType(FHIR_JSON).body("""
                    {"resourceType":"Parameters","parameter":[{"name":"scale","valueInteger":1},
                     {"name":"clinician","valueString":"Dr Okafor"}]}""")
                    .post("/fhir/EpisodeOfCare/" + id + "/$spo2-scale").statusCode();
            case "measures" -> given().auth().oauth2(token).get("/fhir/Measure/virtual-ward/$evaluate-measure")
                    .statusCode();
            default -> throw new IllegalArgumentException(cell.operation());
        };
    }

    private static String now() {
        return Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
