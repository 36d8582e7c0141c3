package city.onetem.referrals;

import static io.restassured.RestAssured.given;

import city.onetem.platform.access.Roles;
import city.onetem.platform.testing.AccessMatrix;
import city.onetem.platform.testing.AccessMatrix.Answer;
import city.onetem.platform.testing.AccessMatrix.Cell;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SPA's access rules as a matrix: every role, every operation on a referral (read, search,
 * history, create, update by recording first contact, the SPA's measures), for the referral's
 * own sender and the team it is routed to (a cell's "same": practice J82001, the central team)
 * and for another. Each cell reaches the referral or not as docs/security.md says (a search that
 * may not see it answers without it; a second first contact reaches it and is refused by its
 * state, 409), and leaves exactly one AuditEvent, with the outcome it had.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class AccessMatrixTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String AUDITOR = KEYS.token("matrix.auditor", "R1C", Roles.AUDITOR);
    static final String FHIR_JSON = "application/fhir+json";
    static final List<String> OPERATIONS = List.of("read", "search", "history", "create", "update", "measures");

    @Test
    void everyRoleAndOperationIsAllowedOrRefusedAsTheRulesSayAndAuditedOnce() {
        String nhs = TestNhsNumbers.next();
        // An urgent community response referral from practice J82001: routed to the central team at once.
        String id = given().auth().oauth2(ReferralAccessTest.PRACTICE).contentType(FHIR_JSON)
                .body(ReferralBuilder.gpReferral(nhs).category("urgent-community-response").json())
                .post("/fhir/ServiceRequest").then().statusCode(201)
                .body("performer[0].identifier.value", org.hamcrest.Matchers.equalTo("central")).extract().path("id");

        AccessMatrix.assertReachedAsTheRulesSay(AUDITOR, Roles.ALL, Map.of("ServiceRequest", OPERATIONS),
                cell -> perform(cell, nhs, id), AccessMatrixTest::allowed);
    }

    /**
     * As docs/security.md: the SPA everything; a referring system posts and reads what it sent; a
     * cluster team reads and records first contact on what is routed to it; the measures are the
     * SPA's; nobody else anything.
     */
    static boolean allowed(Cell cell) {
        boolean spa = Roles.SPA.equals(cell.role());
        boolean referrer = Roles.REFERRER.equals(cell.role());
        boolean clusterTeam = Roles.CLUSTER_TEAM.contains(cell.role());
        return switch (cell.operation()) {
            case "measures" -> spa;
            case "create" -> spa || referrer;
            case "update" -> spa || clusterTeam && cell.same();
            default -> spa || (referrer || clusterTeam) && cell.same();
        };
    }

    private static Answer perform(Cell cell, String nhs, String id) {
        String organisation = Roles.REFERRER.equals(cell.role()) ? (cell.same() ? "J82001" : "J82002") : "R1C";
        String token = KEYS.member(cell.user(), organisation, cell.same() ? "central" : "east", cell.role());
        return switch (cell.operation()) {
            case "read" -> reached(given().auth().oauth2(token).get("/fhir/ServiceRequest/" + id));
            case "history" -> reached(given().auth().oauth2(token).get("/fhir/ServiceRequest/" + id + "/_history"));
            case "search" -> {
                Response found = given().auth().oauth2(token).get("/fhir/ServiceRequest?patient.identifier=" + nhs);
                List<String> ids = found.statusCode() == 200 ? found.jsonPath().getList("entry.resource.id") : null;
                yield new Answer(found.statusCode(), ids != null && ids.contains(id));
            }
            case "create" -> reached(given().auth().oauth2(token).contentType(FHIR_JSON)
                    .body(ReferralBuilder.gpReferral(TestNhsNumbers.next()).json()).post("/fhir/ServiceRequest"));
            case "update" -> {
                Response contact = given().auth().oauth2(token).contentType(FHIR_JSON)
                        .body("{\"resourceType\":\"Parameters\"}").post("/fhir/ServiceRequest/" + id + "/$record-contact");
                yield new Answer(contact.statusCode(), contact.statusCode() == 200 || contact.statusCode() == 409);
            }
            case "measures" -> reached(given().auth().oauth2(token).get("/spa/measures/referrals"));
            default -> throw new IllegalArgumentException(cell.operation());
        };
    }

    private static Answer reached(Response response) {
        return new Answer(response.statusCode(), response.statusCode() < 300);
    }
}
