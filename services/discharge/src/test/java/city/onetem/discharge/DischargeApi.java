package city.onetem.discharge;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.discharge.hl7.Hl7v2Resource;
import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.Topics;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.TestEvents;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hamcrest.Matchers;

/** How the tests reach the discharge service: as a hospital's interface engine, and as a nurse reading stays. */
final class DischargeApi {

    static final String HUB = DevKeys.forThisJvm().token("pas.interface", "RHM", Roles.DISCHARGE_HUB);
    /** A cluster team member with no team's people here: reads the city's measures, suppressed. */
    static final String NURSE = DevKeys.forThisJvm().token("nurse.jones", "R1C", Roles.COMMUNITY_NURSE);

    private DischargeApi() {
    }

    /** The ACK for one ER7 message posted to /hl7v2. */
    static String http(String message) {
        return http(HUB, message);
    }

    /** Posts one ER7 message as this hub; returns its ACK. */
    static String http(String hub, String message) {
        return given().auth().oauth2(hub).contentType(Hl7v2Resource.ER7)
                .body(message.getBytes(StandardCharsets.UTF_8)).post("/hl7v2").then()
                .statusCode(200).contentType(Hl7v2Resource.ER7).extract().asString();
    }

    /** The person's only stay. */
    static JsonPath onlyStay(String nhs) {
        return given().auth().oauth2(HUB).get("/fhir/Encounter?patient.identifier=" + nhs).then().statusCode(200)
                .body("total", Matchers.equalTo(1)).extract().jsonPath().setRootPath("entry[0].resource");
    }

    /**
     * The types of the events published about the stay. A later stay of the same person is
     * admitted first and read up to: one person's events share a partition in commit order, so
     * every event about the stay, and any second copy, is before it.
     */
    static List<String> typesAbout(String bootstrapServers, String nhs, String stayId) {
        http(Adt.of("A01", nhs, visit()).er7());
        String marker = given().auth().oauth2(HUB).get("/fhir/Encounter?patient.identifier=" + nhs + "&status=in-progress")
                .then().statusCode(200).extract().jsonPath().getList("entry.resource.id", String.class).stream()
                .filter(id -> !id.equals(stayId)).findFirst().orElseThrow();
        List<ConsumerRecord<String, String>> records = TestEvents.read(bootstrapServers, Topics.DISCHARGES,
                Duration.ofSeconds(15), seen -> seen.stream().anyMatch(r -> isAbout(r, marker)));
        assertTrue(records.stream().anyMatch(r -> isAbout(r, marker)), "the later stay's event reached the broker");
        records.stream().filter(r -> isAbout(r, stayId)).forEach(r ->
                assertEquals("/onetem/discharge", TestEvents.header(r, CloudEventHeaders.SOURCE)));
        return records.stream().filter(r -> isAbout(r, stayId)).map(r -> TestEvents.header(r, CloudEventHeaders.TYPE))
                .toList();
    }

    static boolean isAbout(ConsumerRecord<String, String> record, String stayId) {
        return ("Encounter/" + stayId).equals(TestEvents.header(record, CloudEventHeaders.SUBJECT));
    }

    static String visit() {
        return "V" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
    }

    /** Field n of the first segment of this name in an ER7 message (MSH-n counted as HL7 counts it). */
    static String field(String er7, String segment, int n) {
        for (String line : er7.split("\r")) {
            String[] fields = line.split("\\|", -1);
            if (fields[0].equals(segment)) {
                int index = segment.equals("MSH") ? n - 1 : n;
                return index < fields.length ? fields[index] : "";
            }
        }
        return null;
    }
}
