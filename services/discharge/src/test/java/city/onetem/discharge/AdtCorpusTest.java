package city.onetem.discharge;

import static city.onetem.discharge.DischargeApi.field;
import static city.onetem.discharge.DischargeApi.http;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import city.onetem.platform.access.Roles;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ADT as trusts' systems send it, written from the HL7 v2.3 to v2.5.1 standards and the NHS ITK
 * HL7 v2 profile (src/test/resources/adt): the NHS number in PID-3 under the authority NHS, in
 * lower case, as the NHS number's OID, by the type code NH alone (spaced as printed), or in PID-2
 * in older feeds; UK Z-segments, PD1, NK1, OBX
 * and AL1 segments this service does not use; times with and without offsets, in summer time;
 * CR, LF and CRLF segment ends; ER7 escapes; MSH-12 with the UK's version qualifier. Each is
 * accepted and read into the right stay.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "discharge"))
class AdtCorpusTest {

    static Stream<Arguments> corpus() {
        return Stream.of(
                // file, NHS number, visit number, status, admitted (UTC)
                Arguments.of("itk-v24-a01-with-zu-segments.hl7", "9434765927", "RHM-IP-2026-0004411", "in-progress",
                        "2026-11-27T14:30:00+00:00"),
                Arguments.of("legacy-v23-a01-nhs-in-pid2.hl7", "9434765935", "RHU4412907", "in-progress",
                        "2026-11-27T09:55:00+00:00"),
                Arguments.of("v251-a01-nhs-oid-authority.hl7", "9434765943", "R1F-ENC-99120", "in-progress",
                        "2026-11-26T08:00:00+00:00"),
                Arguments.of("a03-bst-offsets-lf.hl7", "9434765951", "RHM-IP-2026-0001234", "finished",
                        "2026-07-10T07:15:00+00:00"),
                Arguments.of("a08-lowercase-authority-crlf-escapes.hl7", "9434765978", "RHU4412999", "in-progress",
                        "2026-11-28T07:00:00+00:00"),
                Arguments.of("a16-pending-discharge-v25.hl7", "9434765986", "RHM-IP-2026-0005555", "in-progress",
                        "2026-11-25T10:00:00+00:00"),
                Arguments.of("a02-type-code-only-spaced-nhs-number.hl7", "9434765994", "RHM-IP-2026-0006666",
                        "in-progress", "2026-11-28T18:00:00+00:00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachIsAcceptedAndReadIntoTheRightStay(String file, String nhs, String visit, String status, String admitted)
            throws IOException {
        String message;
        try (InputStream in = AdtCorpusTest.class.getResourceAsStream("/adt/" + file)) {
            message = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Sent, and read, by the discharge hub of the hospital it comes from (MSH-4).
        String hub = DevKeys.forThisJvm().token("pas.interface", field(message, "MSH", 4), Roles.DISCHARGE_HUB);
        String ack = http(hub, message);
        assertEquals("AA", field(ack, "MSA", 1), ack);
        JsonPath stay = given().auth().oauth2(hub).get("/fhir/Encounter?identifier=" + visit).then().statusCode(200)
                .extract().jsonPath().setRootPath("entry[0].resource");
        assertEquals(nhs, stay.getString("subject.identifier.value"));
        assertEquals(status, stay.getString("status"));
        assertEquals(admitted, stay.getString("period.start"));
        if (file.startsWith("a03")) {
            assertEquals("19", stay.getString("hospitalization.dischargeDisposition.coding[0].code"),
                    "PV1-36, in the hospital's own code");
        }
        if (file.startsWith("itk")) {
            assertEquals("19", stay.getString("hospitalization.admitSource.coding[0].code"), "PV1-14");
        }
    }
}
