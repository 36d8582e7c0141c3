package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API as an integrator reads and tries it: /q/openapi and /q/swagger-ui. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class ApiDocsTest {

    @Test
    void theOpenApiDocumentDescribesFhirResourcesAsFhirJsonNotAsJavaClasses() {
        String text = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        JsonPath api = JsonPath.from(text);
        assertEquals("One Team: shared care plans", api.getString("info.title"));
        assertEquals(List.of("CarePlan"), api.getList("components.schemas.CarePlan.properties.resourceType.enum"));
        assertEquals("https://hl7.org/fhir/R4/careplan.html", api.getString("components.schemas.CarePlan.externalDocs.url"));
        assertEquals("#/components/schemas/CarePlan",
                api.getString("paths.'/fhir/CarePlan'.post.requestBody.content.'application/fhir+json'.schema.$ref"));
        // HAPI's getters (idElement, formatCommentsPre...) are not what goes over the wire.
        assertFalse(text.contains("idElement") || text.contains("formatCommentsPre") || text.contains("IBaseResource"),
                "HAPI internals in the document");
        Map<String, Map<String, Object>> paths = api.getMap("paths");
        paths.forEach((path, operations) -> {
            if (path.startsWith("/fhir")) {
                operations.keySet().stream().filter(method -> !method.equals("parameters")).forEach(method ->
                        assertEquals("#/components/schemas/OperationOutcome", api.getString("paths.'" + path + "'." + method
                                + ".responses.default.content.'application/fhir+json'.schema.$ref"),
                                method + " " + path + " says a refusal is an OperationOutcome"));
            }
        });
        assertEquals("bearer", api.getString("components.securitySchemes.SecurityScheme.scheme"));
        assertTrue(api.getList("paths.'/fhir/CarePlan'.get.security").size() > 0, "a token is needed to read plans");
    }

    @Test
    void swaggerUiServesTheDocumentToTryTheApi() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger-ui"));
    }
}
