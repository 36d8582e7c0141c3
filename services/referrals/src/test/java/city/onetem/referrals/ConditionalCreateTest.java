package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import city.onetem.platform.access.Roles;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** POST /fhir/ServiceRequest with If-None-Exist: identifier=system|value, as FHIR's conditional create. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class ConditionalCreateTest {

    static final String GP = DevKeys.forThisJvm().token("dr.patel", "J82001", Roles.REFERRER);
    static final String SYSTEM = "https://gp.example/ref";

    @Test
    void noMatchCreatesOneMatchIsThatReferralWithNothingCreated() {
        String value = UUID.randomUUID().toString();
        String nhsNumber = TestNhsNumbers.next();
        String body = ReferralBuilder.gpReferral(nhsNumber).identifier(SYSTEM, value).json();
        String id = create(body, "identifier=" + SYSTEM + "|" + value).statusCode(201).extract().path("id");
        create(body, "ServiceRequest?identifier=" + SYSTEM.replace(":", "%3A") + "%7C" + value).statusCode(200)
                .body("id", equalTo(id))
                .header("Content-Location", endsWith("/fhir/ServiceRequest/" + id + "/_history/1"))
                .header("ETag", equalTo("W/\"1\""));
        given().auth().oauth2(GP).get("/fhir/ServiceRequest?identifier=" + SYSTEM + "|" + value).then()
                .statusCode(200).body("total", equalTo(1)).body("entry[0].resource.id", equalTo(id));
    }

    @Test
    void aMatchAboutAnotherPersonIsA409ThatSaysNothingOfIt() {
        String value = UUID.randomUUID().toString();
        String id = create(ReferralBuilder.gpReferral(TestNhsNumbers.next()).identifier(SYSTEM, value).json(),
                "identifier=" + SYSTEM + "|" + value).statusCode(201).extract().path("id");
        create(ReferralBuilder.gpReferral(TestNhsNumbers.next()).identifier(SYSTEM, value).json(),
                "identifier=" + SYSTEM + "|" + value).statusCode(409)
                .body("resourceType", equalTo("OperationOutcome"))
                .body(not(containsString(id)));
    }

    @Test
    void aConditionThisServerCannotHonourIsA400AndCreatesNothing() {
        String value = UUID.randomUUID().toString();
        String nhsNumber = TestNhsNumbers.next();
        String body = ReferralBuilder.gpReferral(nhsNumber).identifier(SYSTEM, value).json();
        create(body, "status=active").statusCode(400).body("issue[0].expression[0]", equalTo("If-None-Exist"))
                .body("issue[0].diagnostics", containsString("identifier=system|value"));
        create(body, "identifier=" + value).statusCode(400).body("issue[0].expression[0]", equalTo("If-None-Exist"));
        create(body, "identifier=" + SYSTEM + "|" + value + "&status=active").statusCode(400);
        create(body, "Goal?identifier=" + SYSTEM + "|" + value).statusCode(400);
        // The referral must carry what it is conditional on, or sending it again would not find it.
        create(body, "identifier=" + SYSTEM + "|something-else").statusCode(400)
                .body("issue[0].expression[0]", equalTo("ServiceRequest.identifier"));
        given().auth().oauth2(GP).get("/fhir/ServiceRequest?identifier=" + SYSTEM + "|" + value).then()
                .statusCode(200).body("total", equalTo(0));
    }

    private static ValidatableResponse create(String body, String ifNoneExist) {
        return given().auth().oauth2(GP).contentType("application/fhir+json").header("If-None-Exist", ifNoneExist)
                .body(body).post("/fhir/ServiceRequest").then();
    }
}
