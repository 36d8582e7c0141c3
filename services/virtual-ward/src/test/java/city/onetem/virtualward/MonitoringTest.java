package city.onetem.virtualward;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.events.CareEventContract;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.Topics;
import city.onetem.platform.testing.MonitoringKit;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.ServiceMetrics;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Remote monitoring on the real broker and database: readings one at a time and as a Bundle,
 * each complete set scored once with NEWS2, impossible readings refused and nothing kept, and
 * escalation at each threshold for the responsible clinician, acknowledged, not repeated at the
 * same level, raised again when worse, resolved when the score is low again.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "virtualward"))
class MonitoringTest {

    private static final String NEWS2 = "http://snomed.info/sct|" + Monitoring.NEWS2_TOTAL;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    MissedReadings missedReadings;

    private final Instant start = Instant.now().minus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    private int sets;

    private static final String ESCALATIONS = "onetem_news2_escalations_total";
    private static final String UNACKNOWLEDGED = "onetem_news2_escalations_unacknowledged";
    private static final String LEVEL = "level";
    /** Gauges are read from the database at most every 5 seconds. */
    private static final Duration SCRAPE = Duration.ofSeconds(10);

    @Test
    void readingsOneAtATimeAreScoredOnceTheSetIsComplete() {
        String nhs = admitted();
        String at = nextSetTime();
        List<String> singles = MonitoringKit.readings(nhs, at, 16, 97, false, 120, 70, MonitoringKit.ALERT, "37.0");
        for (int i = 0; i < 5; i++) {
            post(singles.get(i), "return=OperationOutcome").statusCode(201).body("resourceType", equalTo("OperationOutcome"))
                    .body("issue[0].diagnostics", containsString("NEWS2 not scored yet"));
        }
        post(singles.get(5), "return=OperationOutcome").statusCode(201)
                .body("issue[0].diagnostics", equalTo("Recorded. NEWS2 not scored yet: the set lacks body temperature"));
        post(singles.get(6), "return=OperationOutcome").statusCode(201)
                .body("issue[0].diagnostics", containsString("Recorded and scored: NEWS2 0 (low risk"));

        JsonPath scores = news2Of(nhs);
        assertEquals(1, scores.getInt("total"), "one score for one set");
        JsonPath score = scores.setRootPath("entry[0].resource");
        assertEquals(0, score.getInt("valueInteger"));
        assertEquals("low", score.getString("extension.find { it.url == '" + CareEventContract.NEWS2_RISK_EXTENSION
                + "' }.valueCode"));
        assertEquals(7, score.getList("component").size(), "each parameter's score");
        assertEquals("1104311000000102", score.getString("component[1].code.coding[0].code"), "SpO2 scale 1");
        assertEquals(7, score.getList("derivedFrom").size(), "the readings used");
        assertEquals("Dr Okafor", score.getString("performer[0].display"), "the responsible clinician");
        assertEquals(0, flags(nhs, null).getInt("total"), "low: no escalation");
    }

    @Test
    void aSetInABundleIsScoredOnceAndABadReadingIsRefusedWithNothingKept() {
        String nhs = admitted();
        transaction(nhs, 16, 97, false, 120, 70, MonitoringKit.ALERT, "37.0").statusCode(200)
                .body("type", equalTo("transaction-response"))
                .body("entry.response.status", equalTo(List.of("201 Created", "201 Created", "201 Created", "201 Created",
                        "201 Created", "201 Created", "201 Created")))
                .body("entry[6].response.outcome.issue[0].diagnostics", containsString("Recorded and scored: NEWS2 0"));
        assertEquals(1, news2Of(nhs).getInt("total"));

        // A pulse of 900 in a transaction: the whole set is refused, naming the entry, and nothing kept.
        int readings = all(nhs).getInt("total");
        sets += 3; // over 30 minutes after the first set: none of its readings completes this one
        List<String> set = MonitoringKit.readings(nhs, nextSetTime(), 16, 97, false, 120, 900, MonitoringKit.ALERT, "37.0");
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json").body(MonitoringKit.bundle("transaction", set))
                .post("/fhir").then().statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("Bundle.entry[4]: A pulse of 900 /min cannot be a person's"));
        assertEquals(readings, all(nhs).getInt("total"), "nothing kept");
        // The same as a batch: that entry refused, the rest kept (and not scored: the set lacks a pulse).
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json").body(MonitoringKit.bundle("batch", set))
                .post("/fhir").then().statusCode(200).body("type", equalTo("batch-response"))
                .body("entry[4].response.status", equalTo("400 Bad Request"))
                .body("entry[0].response.status", equalTo("201 Created"))
                .body("entry[0].response.outcome.issue[0].diagnostics", containsString("lacks pulse"));
        assertEquals(readings + 6, all(nhs).getInt("total"));
        // A single impossible reading: 400 with an OperationOutcome, nothing kept.
        post(MonitoringKit.readings(nhs, nextSetTime(), 16, 101, false, 120, 70, MonitoringKit.ALERT, "37.0").get(1), null).statusCode(400)
                .body("issue[0].diagnostics", containsString("An oxygen saturation of 101 % cannot be a person's"));
        assertEquals(readings + 6, all(nhs).getInt("total"));
    }

    @Test
    void escalationAtEachThresholdOncePerLevelAcknowledgedAndRaisedAgainWhenWorse() {
        String nhs = admitted();
        double raised = ServiceMetrics.value(ESCALATIONS, LEVEL, "low-medium");
        double waiting = ServiceMetrics.value(UNACKNOWLEDGED, LEVEL, "low-medium");
        double highWaiting = ServiceMetrics.value(UNACKNOWLEDGED, LEVEL, "high");
        // New confusion alone: 3 in one parameter, low-medium (urgent ward-based review).
        transaction(nhs, 16, 97, false, 120, 70, MonitoringKit.NEW_CONFUSION, "37.0").statusCode(200);
        // The dashboard sees it raised, and waiting for a clinician.
        ServiceMetrics.await(raised + 1, SCRAPE, ESCALATIONS, LEVEL, "low-medium");
        ServiceMetrics.await(waiting + 1, SCRAPE, UNACKNOWLEDGED, LEVEL, "low-medium");
        JsonPath flags = flags(nhs, "active");
        assertEquals(1, flags.getInt("total"));
        assertEquals("NEWS2 3: low-medium risk, urgent ward-based review", flags.getString("entry[0].resource.code.text"));
        String first = flags.getString("entry[0].resource.id");
        assertEscalatedEvent(nhs, 3);
        // The same again: no second escalation at the same level.
        transaction(nhs, 16, 97, false, 120, 70, MonitoringKit.NEW_CONFUSION, "37.0").statusCode(200);
        assertEquals(1, flags(nhs, "active").getInt("total"));
        // The clinician acknowledges: recorded with who and when; twice is a conflict.
        given().auth().oauth2(AdmissionsTest.CLINICIAN).post("/fhir/Flag/" + first + "/$acknowledge").then()
                .statusCode(200).body("meta.versionId", equalTo("2"))
                .body("extension[0].extension.find { it.url == 'acknowledgedBy' }.valueString", containsString("dr.okafor"));
        given().auth().oauth2(AdmissionsTest.CLINICIAN).post("/fhir/Flag/" + first + "/$acknowledge").then()
                .statusCode(409);
        ServiceMetrics.await(waiting, SCRAPE, UNACKNOWLEDGED, LEVEL, "low-medium");
        assertEquals(raised + 1, ServiceMetrics.value(ESCALATIONS, LEVEL, "low-medium"), "the same score again raised none");
        given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Task/" + first).then().statusCode(200)
                .body("status", equalTo("accepted")).body("priority", equalTo("urgent"));
        // Worse at the same level after the acknowledgement (4, with the 3): raised again.
        transaction(nhs, 16, 97, false, 120, 70, MonitoringKit.NEW_CONFUSION, "38.1").statusCode(200);
        assertEquals(2, flags(nhs, "active").getInt("total"));
        // 5: medium (urgent response); 7: high (emergency response), due within 15 minutes.
        transaction(nhs, 21, 97, false, 120, 111, MonitoringKit.ALERT, "38.1").statusCode(200);
        transaction(nhs, 21, 93, true, 101, 70, MonitoringKit.ALERT, "37.0").statusCode(200);
        JsonPath active = flags(nhs, "active");
        assertEquals(4, active.getInt("total"));
        assertEquals("NEWS2 7: high risk, emergency response", active.getString("entry[0].resource.code.text"));
        ServiceMetrics.await(highWaiting + 1, SCRAPE, UNACKNOWLEDGED, LEVEL, "high");
        JsonPath task = given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Task?patient.identifier=" + nhs).then()
                .statusCode(200).extract().jsonPath().setRootPath("entry[0].resource");
        assertEquals("stat", task.getString("priority"));
        assertEquals("Dr Okafor", task.getString("owner.display"));
        // Low again: every escalation resolved.
        transaction(nhs, 16, 97, false, 120, 70, MonitoringKit.ALERT, "37.0").statusCode(200);
        assertEquals(0, flags(nhs, "active").getInt("total"));
        assertEquals(4, flags(nhs, "inactive").getInt("total"));
        ServiceMetrics.await(highWaiting, SCRAPE, UNACKNOWLEDGED, LEVEL, "high");
    }

    @Test
    void scale2OnlyWhenAClinicianRecordsItAndScoredOnItFromThen() {
        String nhs = admitted();
        String stay = stayOf(nhs);
        // 90% on air: 3 on scale 1.
        transaction(nhs, 16, 90, false, 120, 70, MonitoringKit.ALERT, "37.0").statusCode(200)
                .body("entry[0].response.outcome.issue[0].diagnostics", containsString("NEWS2 3 (low-medium risk"));
        operation(stay, "$spo2-scale", "{\"name\":\"scale\",\"valueInteger\":2}").statusCode(400)
                .body("issue[0].diagnostics", containsString("Name the clinician who decided"));
        given().auth().oauth2(AdmissionsTest.NURSE).contentType("application/fhir+json").body(parameters(
                "{\"name\":\"scale\",\"valueInteger\":2},{\"name\":\"clinician\",\"valueString\":\"Dr Okafor\"}"))
                .post("/fhir/EpisodeOfCare/" + stay + "/$spo2-scale").then().statusCode(403);
        operation(stay, "$spo2-scale", "{\"name\":\"scale\",\"valueInteger\":2},"
                + "{\"name\":\"clinician\",\"valueString\":\"Dr Okafor, respiratory consultant\"}").statusCode(200)
                .body("extension.find { it.url == '" + WardStays.SPO2_SCALE_EXTENSION + "' }.extension.find { it.url == "
                        + "'decidedBy' }.valueString", equalTo("Dr Okafor, respiratory consultant"));
        // The same readings on scale 2: within the 88-92% target, 0; the low score resolves the escalation.
        transaction(nhs, 16, 90, false, 120, 70, MonitoringKit.ALERT, "37.0").statusCode(200)
                .body("entry[0].response.outcome.issue[0].diagnostics", containsString("NEWS2 0 (low risk"));
        assertEquals("1104321000000108", news2Of(nhs).getString("entry[0].resource.component[1].code.coding[0].code"));
        assertEquals(0, flags(nhs, "active").getInt("total"));
    }

    @Test
    void dischargeEndsTheStayResolvesItsEscalationsAndTellsThePlan() {
        String nhs = admitted();
        String stay = stayOf(nhs);
        transaction(nhs, 21, 93, true, 101, 70, MonitoringKit.ALERT, "37.0").statusCode(200);
        assertEquals(1, flags(nhs, "active").getInt("total"));
        operation(stay, "$discharge", "{\"name\":\"outcome\",\"valueCode\":\"better\"}").statusCode(400)
                .body("issue[0].diagnostics", containsString("home, admitted-to-hospital, died"));
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json").header("If-Match", "W/\"9\"")
                .body(parameters("{\"name\":\"outcome\",\"valueCode\":\"home\"}"))
                .post("/fhir/EpisodeOfCare/" + stay + "/$discharge").then().statusCode(412);
        operation(stay, "$discharge", "{\"name\":\"outcome\",\"valueCode\":\"home\"}").statusCode(200)
                .body("status", equalTo("finished")).body("period.end", org.hamcrest.Matchers.notNullValue())
                .body("extension.find { it.url == '" + WardStays.OUTCOME_EXTENSION + "' }.valueCode", equalTo("home"));
        assertEquals(0, flags(nhs, "active").getInt("total"), "monitoring stops: its escalations are resolved");
        operation(stay, "$discharge", "{\"name\":\"outcome\",\"valueCode\":\"died\"}").statusCode(409);
        transaction(nhs, 16, 97, false, 120, 70, MonitoringKit.ALERT, "37.0").statusCode(422);
        List<ConsumerRecord<String, String>> records = TestEvents.read(bootstrapServers, Topics.VIRTUAL_WARD,
                Duration.ofSeconds(15), seen -> seen.stream().anyMatch(r -> isDischargeOf(r, stay)));
        assertTrue(records.stream().anyMatch(r -> isDischargeOf(r, stay)), "the care plan hears the stay ended");
    }

    private static boolean isDischargeOf(ConsumerRecord<String, String> record, String stay) {
        return EventTypes.VIRTUALWARD_DISCHARGED.equals(TestEvents.header(record, CloudEventHeaders.TYPE))
                && ("EpisodeOfCare/" + stay).equals(TestEvents.header(record, CloudEventHeaders.SUBJECT));
    }

    private static String stayOf(String nhs) {
        return given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/EpisodeOfCare?patient.identifier=" + nhs).then()
                .statusCode(200).extract().path("entry[0].resource.id");
    }

    private static ValidatableResponse operation(String stay, String operation, String parameters) {
        return given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json")
                .body(parameters(parameters)).post("/fhir/EpisodeOfCare/" + stay + "/" + operation).then();
    }

    private static String parameters(String parameters) {
        return "{\"resourceType\":\"Parameters\",\"parameter\":[" + parameters + "]}";
    }

    @Test
    void noCompleteSetWithinTheMonitoringIntervalRaisesOneAlertUntilTheNextSet() {
        String nhs = TestNhsNumbers.next();
        String every30Minutes = """
                ,{"url":"%s","valueDuration":{"value":30,"unit":"min","system":"http://unitsofmeasure.org","code":"min"}}"""
                .formatted(WardStay.MONITORING_INTERVAL_EXTENSION);
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json")
                .body(AdmissionsTest.stay(nhs, "respiratory", "step-down", every30Minutes)).post("/fhir/EpisodeOfCare")
                .then().statusCode(201);
        // Admitted 09:00 with a set due every 30 minutes: at 09:25 nothing is overdue, at 09:45 it is.
        Instant morning = Instant.parse("2026-11-30T09:25:00Z");
        missedReadings.scan(morning);
        assertEquals(0, flags(nhs, null).getInt("total"));
        missedReadings.scan(morning.plus(20, ChronoUnit.MINUTES));
        missedReadings.scan(morning.plus(25, ChronoUnit.MINUTES));
        JsonPath alerts = flags(nhs, "active");
        assertEquals(1, alerts.getInt("total"), "one alert for one gap, however often the scan runs");
        assertTrue(alerts.getString("entry[0].resource.code.text").startsWith("Readings missed: no complete set since "
                + "2026-11-30T09:00:00Z"), alerts.getString("entry[0].resource.code.text"));
        String alert = alerts.getString("entry[0].resource.id");
        List<ConsumerRecord<String, String>> records = TestEvents.read(bootstrapServers, Topics.VIRTUAL_WARD,
                Duration.ofSeconds(15), seen -> seen.stream().anyMatch(r -> ("Flag/" + alert).equals(
                        TestEvents.header(r, CloudEventHeaders.SUBJECT))));
        assertEquals(EventTypes.VIRTUALWARD_READING_MISSED, records.stream().filter(r -> ("Flag/" + alert).equals(
                TestEvents.header(r, CloudEventHeaders.SUBJECT))).findFirst().map(r -> TestEvents.header(r,
                        CloudEventHeaders.TYPE)).orElseThrow());
        // The next complete set resolves it.
        transaction(nhs, 16, 97, false, 120, 70, MonitoringKit.ALERT, "37.0").statusCode(200);
        assertEquals(0, flags(nhs, "active").getInt("total"));
        given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Flag/" + alert).then().statusCode(200)
                .body("status", equalTo("inactive"));
    }

    /** The ward's clinicians' worklist: every open escalation on the wards, without naming each person. */
    @Test
    void theWardsCliniciansListEveryOpenEscalationOnTheWards() {
        String nhs = admitted();
        transaction(nhs, 16, 97, false, 120, 70, MonitoringKit.NEW_CONFUSION, "37.0").statusCode(200);
        String flag = flags(nhs, "active").getString("entry[0].resource.id");
        given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Flag?status=active&_count=500").then()
                .statusCode(200).body("entry.resource.id", hasItem(flag));
        given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Flag").then().statusCode(400)
                .body("issue[0].diagnostics", containsString("?status=active"));
        // Resolved by a low set: off the worklist.
        transaction(nhs, 16, 97, false, 120, 70, MonitoringKit.ALERT, "37.0").statusCode(200);
        given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Flag?status=active&_count=500").then()
                .statusCode(200).body("entry.resource.id", not(hasItem(flag)));
    }

    @Test
    void searchesNameThePerson() {
        for (String search : List.of("/fhir/Flag?status=active", "/fhir/Observation?code=" + NEWS2,
                "/fhir/EpisodeOfCare?status=active", "/fhir/Task")) {
            given().auth().oauth2(AdmissionsTest.NURSE).get(search).then().statusCode(400)
                    .body("issue[0].diagnostics", containsString("Name the person"));
        }
    }

    @Test
    void readingsForSomeoneNotOnAWardAreRefused() {
        post(MonitoringKit.readings(TestNhsNumbers.next(), nextSetTime(), 16, 97, false, 120, 70, MonitoringKit.ALERT, "37.0").get(0), null)
                .statusCode(422).body("issue[0].diagnostics", containsString("not on a virtual ward"));
    }

    private void assertEscalatedEvent(String nhs, int score) {
        List<ConsumerRecord<String, String>> records = TestEvents.read(bootstrapServers, Topics.VIRTUAL_WARD,
                Duration.ofSeconds(15), seen -> seen.stream().anyMatch(r -> escalationOf(r, nhs)));
        ConsumerRecord<String, String> escalated = records.stream().filter(r -> escalationOf(r, nhs)).findFirst()
                .orElseThrow();
        assertTrue(escalated.value().contains("\"valueInteger\":" + score), escalated.value());
    }

    private static boolean escalationOf(ConsumerRecord<String, String> record, String nhs) {
        return EventTypes.VIRTUALWARD_ESCALATED.equals(TestEvents.header(record, CloudEventHeaders.TYPE))
                && record.value().contains(nhs);
    }

    private String admitted() {
        String nhs = TestNhsNumbers.next();
        given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json")
                .body(AdmissionsTest.stay(nhs, "respiratory", "step-up", "")).post("/fhir/EpisodeOfCare").then()
                .statusCode(201);
        return nhs;
    }

    private String nextSetTime() {
        return start.plus(10L * sets++, ChronoUnit.MINUTES).toString();
    }

    private ValidatableResponse transaction(String nhs, int rr, int spo2, boolean oxygen, int sbp, int pulse,
            String acvpu, String temperature) {
        return given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json")
                .body(MonitoringKit.bundle("transaction", MonitoringKit.readings(nhs, nextSetTime(), rr, spo2, oxygen, sbp, pulse, acvpu, temperature)))
                .post("/fhir").then();
    }

    private static ValidatableResponse post(String observation, String prefer) {
        var request = given().auth().oauth2(AdmissionsTest.CLINICIAN).contentType("application/fhir+json").body(observation);
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        return request.post("/fhir/Observation").then();
    }

    private static JsonPath news2Of(String nhs) {
        return given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Observation?patient.identifier=" + nhs + "&code="
                + NEWS2).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath all(String nhs) {
        return given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Observation?patient.identifier=" + nhs
                + "&_count=500").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath flags(String nhs, String status) {
        return given().auth().oauth2(AdmissionsTest.CLINICIAN).get("/fhir/Flag?patient.identifier=" + nhs
                + (status == null ? "" : "&status=" + status)).then().statusCode(200).extract().jsonPath();
    }
}
