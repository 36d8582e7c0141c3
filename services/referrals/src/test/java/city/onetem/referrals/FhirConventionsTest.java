package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What FHIR clients send beyond a body and a token, each of which a standard client tripped on:
 * paging links, _format, Prefer: return=. (The platform answers these for every service.)
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class FhirConventionsTest {

    static final String GP = DevKeys.forThisJvm().token("dr.patel", "J82001", Roles.REFERRER);

    @Test
    void aSearchWithMoreThanAPageLinksTheNextUntilTheLast() {
        String nhsNumber = TestNhsNumbers.next();
        for (int i = 0; i < 3; i++) {
            refer(nhsNumber);
        }
        JsonPath first = given().auth().oauth2(GP).get("/fhir/ServiceRequest?patient.identifier=" + nhsNumber
                + "&_count=2").then().statusCode(200).body("entry.size()", equalTo(2))
                .body("total", nullValue())
                .body("link.relation", hasItem("self")).extract().jsonPath();
        String next = first.getString("link.find { it.relation == 'next' }.url");
        JsonPath last = given().auth().oauth2(GP).get(next).then().statusCode(200)
                .body("entry.size()", equalTo(1)).body("total", equalTo(3))
                .body("link.relation", not(hasItem("next"))).body("link.relation", hasItem("previous"))
                .extract().jsonPath();
        Set<String> ids = new HashSet<>(first.getList("entry.resource.id"));
        ids.addAll(last.<String>getList("entry.resource.id"));
        org.junit.jupiter.api.Assertions.assertEquals(3, ids.size(), "each referral once across the pages");
        given().auth().oauth2(GP).get("/fhir/ServiceRequest?patient.identifier=" + nhsNumber + "&_offset=-1")
                .then().statusCode(400).body("issue[0].expression[0]", equalTo("_offset"));
    }

    @Test
    void formatJsonIsServedAndAnyOtherFormatIs406() {
        String id = refer(TestNhsNumbers.next());
        given().auth().oauth2(GP).get("/fhir/ServiceRequest/" + id + "?_format=json").then().statusCode(200)
                .body("id", equalTo(id));
        given().auth().oauth2(GP).queryParam("_format", "application/fhir+json").queryParam("_pretty", "true")
                .get("/fhir/ServiceRequest?patient.identifier=9434765919").then().statusCode(200)
                .body("resourceType", equalTo("Bundle"));
        given().auth().oauth2(GP).get("/fhir/ServiceRequest/" + id + "?_format=xml").then().statusCode(406)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("not-supported"))
                .body("issue[0].diagnostics", containsString("JSON only"));
    }

    @Test
    void preferReturnMinimalOrOperationOutcomeShapesTheAnswerToAWrite() {
        given().auth().oauth2(GP).contentType("application/fhir+json").header("Prefer", "return=minimal")
                .body(ReferralBuilder.gpReferral(TestNhsNumbers.next()).json()).post("/fhir/ServiceRequest")
                .then().statusCode(201).header("Location", containsString("/_history/1"))
                .header("ETag", equalTo("W/\"1\"")).header("Last-Modified", notNullValue())
                .body(emptyString());
        given().auth().oauth2(GP).contentType("application/fhir+json").header("Prefer", "return=OperationOutcome")
                .body(ReferralBuilder.gpReferral(TestNhsNumbers.next()).json()).post("/fhir/ServiceRequest")
                .then().statusCode(201).header("Location", containsString("/_history/1"))
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].severity", equalTo("information"))
                .body("issue[0].diagnostics", containsString("/_history/1"));
        given().auth().oauth2(GP).contentType("application/fhir+json").header("Prefer", "return=representation")
                .body(ReferralBuilder.gpReferral(TestNhsNumbers.next()).json()).post("/fhir/ServiceRequest")
                .then().statusCode(201).body("resourceType", equalTo("ServiceRequest"));
        // A read is no write: Prefer changes nothing there.
        String id = refer(TestNhsNumbers.next());
        given().auth().oauth2(GP).header("Prefer", "return=minimal").get("/fhir/ServiceRequest/" + id).then()
                .statusCode(200).body("id", equalTo(id));
    }

    private static String refer(String nhsNumber) {
        return given().auth().oauth2(GP).contentType("application/fhir+json")
                .body(ReferralBuilder.gpReferral(nhsNumber).json()).post("/fhir/ServiceRequest").then().statusCode(201)
                .extract().path("id");
    }
}
