package city.onetem.discharge;

import static city.onetem.discharge.DischargeApi.HUB;
import static city.onetem.discharge.DischargeApi.field;
import static city.onetem.discharge.DischargeApi.http;
import static city.onetem.discharge.DischargeApi.visit;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import city.onetem.discharge.hl7.Hl7v2Resource;
import city.onetem.platform.access.Roles;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.relationships.PlanRelationships;
import city.onetem.platform.testing.AccessMatrix;
import city.onetem.platform.testing.AccessMatrix.Answer;
import city.onetem.platform.testing.AccessMatrix.Cell;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The discharge service's access rules as a matrix: every role, every operation on a hospital
 * stay (read, search, history, create by ADT, update by a D2A operation, measures), for the
 * stay's own hospital and holding team (a cell's "same": RHM and central) and for another. Each cell is allowed or refused as
 * docs/security.md says (a search that may not see the stay answers without it), and leaves
 * exactly one AuditEvent, with the outcome it had.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "discharge"))
class AccessMatrixTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String AUDITOR = KEYS.token("matrix.auditor", "RHM", Roles.AUDITOR);
    static final List<String> OPERATIONS = List.of("read", "search", "history", "create", "update", "measures");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    PersonKeys personKeys;

    @Test
    void everyRoleAndOperationIsAllowedOrRefusedAsTheRulesSayAndAuditedOnce() {
        String nhs = TestNhsNumbers.next();
        String visit = visit();
        assertEquals("AA", field(http(Adt.of("A01", nhs, visit).er7()), "MSA", 1));
        String id = given().auth().oauth2(HUB).get("/fhir/Encounter?identifier=" + visit).then().statusCode(200)
                .extract().path("entry[0].resource.id");
        given().auth().oauth2(HUB).contentType("application/fhir+json").body("""
                {"resourceType":"Parameters","parameter":[{"name":"time","valueDateTime":"2026-11-28T15:00:00Z"}]}""")
                .post("/fhir/Encounter/" + id + "/$medically-optimised").then().statusCode(200);
        String plan = UUID.randomUUID().toString();
        TestEvents.publishRelationships(bootstrapServers, personKeys.keyFor(new NhsNumber(nhs)), plan,
                new PlanRelationships(plan, 1, "active", nhs, "central", List.of()).toJson());
        String holder = KEYS.member("matrix.holder", "R1C", "central", Roles.COMMUNITY_NURSE);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> given().auth()
                .oauth2(holder).get("/fhir/Encounter/" + id).then().extract().statusCode() == 200);

        AccessMatrix.assertReachedAsTheRulesSay(AUDITOR, Roles.ALL, Map.of("Encounter", OPERATIONS),
                cell -> perform(cell, nhs, id), AccessMatrixTest::allowed);
    }

    /**
     * As docs/security.md: a hub its own hospital's stays and ADT; the holding team's members their
     * people's stays; the SPA every stay; the measures to all three; nobody else anything.
     */
    static boolean allowed(Cell cell) {
        boolean hub = Roles.DISCHARGE_HUB.equals(cell.role());
        boolean spa = Roles.SPA.equals(cell.role());
        boolean clusterTeam = Roles.CLUSTER_TEAM.contains(cell.role());
        return switch (cell.operation()) {
            case "measures" -> hub || spa || clusterTeam;
            case "create" -> hub && cell.same();
            default -> spa || (hub || clusterTeam) && cell.same();
        };
    }

    private static Answer perform(Cell cell, String nhs, String id) {
        String token = KEYS.member(cell.user(), cell.same() ? "RHM" : "RHU", cell.same() ? "central" : "east",
                cell.role());
        return switch (cell.operation()) {
            case "read" -> status(given().auth().oauth2(token).get("/fhir/Encounter/" + id));
            case "history" -> status(given().auth().oauth2(token).get("/fhir/Encounter/" + id + "/_history"));
            case "search" -> {
                Response found = given().auth().oauth2(token).get("/fhir/Encounter?patient.identifier=" + nhs);
                yield new Answer(found.statusCode(), found.statusCode() == 200
                        && found.jsonPath().getInt("total") == 1);
            }
            case "create" -> {
                Response ack = given().auth().oauth2(token).contentType(Hl7v2Resource.ER7)
                        .body(Adt.of("A01", TestNhsNumbers.next(), visit()).er7().getBytes(StandardCharsets.UTF_8))
                        .post("/hl7v2");
                yield new Answer(ack.statusCode(), ack.statusCode() == 200 && "AA".equals(field(ack.asString(), "MSA", 1)));
            }
            case "update" -> status(given().auth().oauth2(token).contentType("application/fhir+json").body("""
                    {"resourceType":"Parameters","parameter":[{"name":"reason","valueCode":"awaiting-care-package"}]}""")
                    .post("/fhir/Encounter/" + id + "/$delay-reason"));
            case "measures" -> status(given().auth().oauth2(token).get("/fhir/Measure/d2a/$evaluate-measure"));
            default -> throw new IllegalArgumentException(cell.operation());
        };
    }

    private static Answer status(Response response) {
        return new Answer(response.statusCode(), response.statusCode() < 300);
    }
}
