package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import city.onetem.platform.access.Roles;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A referral's intake and each read of it by id are in the audit trail under the person's NHS number. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class ReferralAuditTest {

    @Test
    void theIntakeAndAReadByIdAreFoundByThePersonsNhsNumber() {
        String nhs = TestNhsNumbers.next();
        String id = given().auth().oauth2(ServiceRequestApiTest.GP).contentType(ServiceRequestApiTest.FHIR_JSON)
                .body(ServiceRequestApiTest.referral(nhs)).post("/fhir/ServiceRequest").then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(ServiceRequestApiTest.GP).get("/fhir/ServiceRequest/" + id).then().statusCode(200);

        JsonPath trail = given().auth().oauth2(ServiceRequestApiTest.KEYS.token("privacy.officer", "R1C", Roles.AUDITOR))
                .get("/fhir/AuditEvent?patient.identifier=" + nhs).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("read", "create"), trail.getList("entry.collect { it.resource.subtype[0].code }"));
        assertEquals(List.of("ServiceRequest/" + id, "ServiceRequest/" + id),
                trail.getList("entry.collect { it.resource.entity[0].what.reference }"));
        assertEquals("dr.patel", trail.getString("entry[0].resource.agent[0].who.identifier.value"));
    }
}
