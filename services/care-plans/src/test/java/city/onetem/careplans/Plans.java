package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import city.onetem.platform.fhir.NhsNumber;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;

/** The person's one plan as the API shows it, once events have brought it to a version. */
final class Plans {

    private Plans() {
    }

    /** Waits for the person's plan to reach this version (and no further), and returns it. */
    static JsonPath await(String token, String nhs, int version, Duration atMost) {
        org.awaitility.Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<String> versions = search(token, nhs).getList("entry.resource.meta.versionId");
            return versions != null && versions.size() == 1 && Integer.parseInt(versions.get(0)) >= version;
        });
        JsonPath found = search(token, nhs);
        assertEquals(String.valueOf(version), found.getString("entry[0].resource.meta.versionId"));
        return found.setRootPath("entry[0].resource");
    }

    static JsonPath search(String token, String nhs) {
        return given().auth().oauth2(token).get("/fhir/CarePlan?patient.identifier=" + NhsNumber.SYSTEM + "|" + nhs)
                .then().statusCode(200).extract().jsonPath();
    }
}
