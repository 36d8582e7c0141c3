package city.onetem.careplans;

import static io.restassured.RestAssured.given;

import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.testing.AccessMatrix;
import city.onetem.platform.testing.AccessMatrix.Cell;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The access rules of the One Team record as a matrix: every role, every resource type, every
 * operation (read, search, history, create, update, stream, measures), for a member of the team
 * that holds the person's plan and for a member of another team. Each cell is allowed or refused
 * as docs/security.md says, and leaves exactly one AuditEvent, with the outcome it had.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class AccessMatrixTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String OWNER = KEYS.member("matrix.owner", "R1C", "central", Roles.COMMUNITY_NURSE);
    static final String AUDITOR = KEYS.token("matrix.auditor", "R1C", Roles.AUDITOR);
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The operations each resource type takes here; the stream and the measures are the plan's. */
    static final Map<String, List<String>> OPERATIONS = new LinkedHashMap<>();

    static {
        OPERATIONS.put("CarePlan", List.of("read", "search", "history", "update", "stream", "measures"));
        OPERATIONS.put("CareTeam", List.of("read", "search", "history"));
        OPERATIONS.put("Goal", List.of("read", "search", "history", "create", "update"));
        OPERATIONS.put("QuestionnaireResponse", List.of("read", "search", "history", "create"));
        OPERATIONS.put("Consent", List.of("read", "search", "history", "create"));
        OPERATIONS.put("Task", List.of("read", "search", "history", "create", "update"));
    }

    @TestHTTPResource("/fhir/CarePlan/_stream")
    URI stream;


    @Test
    void everyRoleResourceAndOperationIsAllowedOrRefusedAsTheRulesSayAndAuditedOnce() {
        String nhs = TestNhsNumbers.next();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("CarePlan", create(OWNER, "CarePlan", CareRelationshipsTest.plan(nhs, "What matters to me: my dog")));
        ids.put("CareTeam", create(OWNER, "CareTeam", PlanPartsTest.careTeam(nhs,
                PlanPartsTest.member("Ann Lee", "community nurse", "R1C"))));
        ids.put("Goal", create(OWNER, "Goal", BadInputFuzzTest.goal(nhs)));
        ids.put("QuestionnaireResponse", create(OWNER, "QuestionnaireResponse", BadInputFuzzTest.assessment(nhs)));
        ids.put("Consent", create(OWNER, "Consent", Fhir.toJson(ConsentTest.objection(nhs, "VS999"))));
        ids.put("Task", create(OWNER, "Task", TaskApiTest.task(nhs, "Check the key safe")));

        AccessMatrix.assertAsTheRulesSay(AUDITOR, Roles.ALL, OPERATIONS, cell -> perform(cell, nhs, ids),
                AccessMatrixTest::expected);
    }

    /** As docs/security.md: a member of the holding team reaches everything; everyone else nothing but measures. */
    static int expected(Cell cell) {
        boolean clusterTeam = Roles.CLUSTER_TEAM.contains(cell.role());
        if (cell.operation().equals("measures")) {
            return clusterTeam ? 200 : 403; // another team's figures come suppressed, not refused
        }
        if (!clusterTeam || !cell.same()) {
            return 403;
        }
        return cell.operation().equals("create") ? 201 : 200;
    }

    private int perform(Cell cell, String nhs, Map<String, String> ids) {
        String token = KEYS.member(cell.user(), "R1C", cell.same() ? "central" : "east", cell.role());
        String type = cell.type();
        String id = ids.get(type);
        return switch (cell.operation()) {
            case "read" -> given().auth().oauth2(token).get("/fhir/" + type + "/" + id).statusCode();
            case "search" -> given().auth().oauth2(token).get("/fhir/" + type + "?patient.identifier=" + nhs)
                    .statusCode();
            case "history" -> given().auth().oauth2(token).get("/fhir/" + type + "/" + id + "/_history").statusCode();
            case "create" -> given().auth().oauth2(token).contentType("application/fhir+json").body(body(type, nhs))
                    .post("/fhir/" + type).statusCode();
            case "update" -> update(token, type, id);
            case "stream" -> stream(token, nhs);
            case "measures" -> given().auth().oauth2(token).get("/careplans/measures?cluster=central").statusCode();
            default -> throw new IllegalArgumentException(cell.operation());
        };
    }

    private static String body(String type, String nhs) {
        return switch (type) {
            case "Goal" -> BadInputFuzzTest.goal(nhs);
            case "QuestionnaireResponse" -> BadInputFuzzTest.assessment(nhs);
            case "Consent" -> Fhir.toJson(ConsentTest.objection(nhs, "VS999"));
            case "Task" -> TaskApiTest.task(nhs, "Another visit");
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** The resource as it is now (read by its owner, not this cell), sent back whole with If-Match. */
    private static int update(String token, String type, String id) {
        Response current = given().auth().oauth2(OWNER).get("/fhir/" + type + "/" + id);
        return given().auth().oauth2(token).contentType("application/fhir+json").header("If-Match",
                current.header("ETag")).body(current.asString()).put("/fhir/" + type + "/" + id).statusCode();
    }

    private int stream(String token, String nhs) {
        try {
            HttpResponse<InputStream> response = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(stream
                    + "?patient.identifier=" + nhs)).header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(30, TimeUnit.SECONDS);
            response.body().close();
            return response.statusCode();
        } catch (Exception e) {
            throw new IllegalStateException("The stream could not be opened", e);
        }
    }

    private static String create(String token, String type, String body) {
        return given().auth().oauth2(token).contentType("application/fhir+json").body(body).post("/fhir/" + type)
                .then().statusCode(201).extract().path("id");
    }
}
