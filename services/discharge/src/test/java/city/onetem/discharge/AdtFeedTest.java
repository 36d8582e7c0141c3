package city.onetem.discharge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static city.onetem.discharge.DischargeApi.HUB;
import static city.onetem.discharge.DischargeApi.NURSE;
import static city.onetem.discharge.DischargeApi.field;
import static city.onetem.discharge.DischargeApi.http;
import static city.onetem.discharge.DischargeApi.onlyStay;
import static city.onetem.discharge.DischargeApi.typesAbout;
import static city.onetem.discharge.DischargeApi.visit;

import city.onetem.discharge.hl7.AckMemory;
import city.onetem.discharge.hl7.Hl7v2Resource;
import city.onetem.discharge.hl7.MllpListener;
import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.Topics;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.MllpClient;
import city.onetem.platform.testing.ServiceMetrics;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A hospital's ADT feed, over MLLP and over HTTP, on the real broker and database: each event the
 * service applies, the same message twice, messages out of order, cancellations, and the bad
 * messages real feeds send, each answered with the ACK an interface engine acts on.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "discharge"))
class AdtFeedTest {

    static final String ONCALL = DevKeys.forThisJvm().token("oncall.engineer", "R1C", Roles.OPERATOR);

    @Inject
    MllpListener mllp;
    @Inject
    AckMemory ackMemory;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private static final String ACKS = "onetem_hl7_acks_total";

    @Test
    void anAdmissionOverMllpIsAcknowledgedStoredAndPublished() throws Exception {
        String nhs = TestNhsNumbers.next();
        Adt admit = Adt.of("A01", nhs, visit());
        String ack;
        try (MllpClient client = new MllpClient("localhost", mllp.port())) {
            ack = client.send(admit.er7());
            // Readiness shows the listener to the on-call engineer, with the senders connected.
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'mllp-listener' }.status", org.hamcrest.Matchers.equalTo("UP"));
            given().auth().oauth2(ONCALL).get("/admin/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'mllp-listener' }.data.port", org.hamcrest.Matchers.equalTo(mllp.port()));
            // Earlier tests' connections may still be closing: the count settles on the senders connected.
            try (MllpClient second = new MllpClient("localhost", mllp.port())) {
                second.send(Adt.of("A08", TestNhsNumbers.next(), visit()).er7());
                await().atMost(Duration.ofSeconds(5)).until(() -> mllp.connections() == 2);
                assertEquals(2, ServiceMetrics.value("onetem_mllp_connections"));
                given().auth().oauth2(ONCALL).get("/admin/health/ready").then().statusCode(200)
                        .body("checks.find { it.name == 'mllp-listener' }.data.connections",
                                org.hamcrest.Matchers.equalTo(2));
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> mllp.connections() == 0);
        assertEquals("AA", field(ack, "MSA", 1), ack);
        assertEquals(admit.controlId(), field(ack, "MSA", 2));
        assertEquals("PAS", field(ack, "MSH", 5), "the ACK goes back to the sender: " + ack);
        assertEquals("RHM", field(ack, "MSH", 6));
        assertEquals("ACK^A01^ACK", field(ack, "MSH", 9));
        assertEquals("2.4", field(ack, "MSH", 12));

        JsonPath stay = onlyStay(nhs);
        assertEquals("in-progress", stay.getString("status"));
        assertEquals("IMP", stay.getString("class.code"));
        assertEquals("2026-11-28T09:30:00+00:00", stay.getString("period.start"), "local time, London (GMT in November)");
        assertEquals("WARD7, bed 12", stay.getString("location[0].location.display"));
        assertEquals("RHM", stay.getString("serviceProvider.identifier.value"));
        assertTrue(stay.getList("identifier.value").contains(visitOf(admit)), stay.prettify());
        assertEquals(List.of(EventTypes.DISCHARGE_ADMITTED), typesAbout(bootstrapServers, nhs, stay.getString("id")));
    }

    @Test
    void theSameMessageAgainGetsTheSameAckAndChangesNothing() throws Exception {
        String nhs = TestNhsNumbers.next();
        Adt admit = Adt.of("A01", nhs, visit());
        String first;
        String again;
        try (MllpClient client = new MllpClient("localhost", mllp.port())) {
            first = client.send(admit.er7());
            again = client.send(admit.er7());
        }
        String overHttp = http(admit.er7());
        assertEquals("AA", field(first, "MSA", 1));
        assertEquals(first, again, "the same ACK, not a second effect");
        assertEquals(first, overHttp);
        JsonPath stay = onlyStay(nhs);
        assertEquals("1", stay.getString("meta.versionId"));
        assertEquals(List.of(EventTypes.DISCHARGE_ADMITTED), typesAbout(bootstrapServers, nhs, stay.getString("id")));
    }

    @Test
    void anAckIsRememberedForThirtyDaysThenForgotten() {
        String nhs = TestNhsNumbers.next();
        Adt admit = Adt.of("A01", nhs, visit());
        String first = http(admit.er7());
        assertEquals(0L, ackMemory.prune(Instant.now().plus(Duration.ofDays(29))),
                "nothing received in the last 30 days is forgotten");
        assertEquals(first, http(admit.er7()), "remembered: the same ACK");
        assertTrue(ackMemory.prune(Instant.now().plus(Duration.ofDays(31))) > 0);
        String again = http(admit.er7());
        assertEquals("AA", field(again, "MSA", 1));
        assertTrue(field(again, "MSA", 3).startsWith("nothing new"), "applied again, changing nothing: " + again);
        assertEquals("1", onlyStay(nhs).getString("meta.versionId"));
    }

    @Test
    void aDischargeBeforeItsAdmissionEndsAsOneDischargedStay() {
        String nhs = TestNhsNumbers.next();
        String visit = visit();
        String ack = http(Adt.of("A03", nhs, visit).version("2.5.1").recorded("20261130150000")
                .discharged("20261130143000").separatedBy("\n").er7());
        assertEquals("AA", field(ack, "MSA", 1), ack);
        try (MllpClient client = new MllpClient("localhost", mllp.port())) {
            ack = client.send(Adt.of("A01", nhs, visit).version("2.3").recorded("20261128093500").separatedBy("\r\n").er7());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals("AA", field(ack, "MSA", 1), ack);
        JsonPath stay = onlyStay(nhs);
        assertEquals("finished", stay.getString("status"));
        assertEquals("2026-11-28T09:30:00+00:00", stay.getString("period.start"));
        assertEquals("2026-11-30T14:30:00+00:00", stay.getString("period.end"));
        assertEquals(List.of(EventTypes.DISCHARGE_DISCHARGED), typesAbout(bootstrapServers, nhs, stay.getString("id")),
                "the plan heard of the discharge only: the late admission changed nothing it shows");
    }

    @Test
    void cancellationsUndoWhatTheyCancelAndALateMessageDoesNotUndoThem() {
        String nhs = TestNhsNumbers.next();
        String visit = visit();
        assertEquals("AA", field(http(Adt.of("A01", nhs, visit).recorded("20261128093000").er7()), "MSA", 1));
        assertEquals("AA", field(http(Adt.of("A03", nhs, visit).recorded("20261130120000")
                .discharged("20261130120000").er7()), "MSA", 1));
        assertEquals("finished", onlyStay(nhs).getString("status"));

        assertEquals("AA", field(http(Adt.of("A13", nhs, visit).recorded("20261130123000").er7()), "MSA", 1));
        JsonPath stay = onlyStay(nhs);
        assertEquals("in-progress", stay.getString("status"));
        assertEquals(null, stay.getString("period.end"));

        // The cancelled discharge again, delivered late by an engine's retry queue under a new control id.
        String late = http(Adt.of("A03", nhs, visit).recorded("20261130120000").discharged("20261130120000").er7());
        assertEquals("AA", field(late, "MSA", 1));
        assertTrue(field(late, "MSA", 3).contains("before its cancellation"), late);
        assertEquals("in-progress", onlyStay(nhs).getString("status"));

        assertEquals("AA", field(http(Adt.of("A11", nhs, visit).recorded("20261130124500").er7()), "MSA", 1));
        stay = onlyStay(nhs);
        assertEquals("entered-in-error", stay.getString("status"));
        assertEquals(List.of(EventTypes.DISCHARGE_ADMITTED, EventTypes.DISCHARGE_DISCHARGED,
                        EventTypes.DISCHARGE_DISCHARGE_CANCELLED, EventTypes.DISCHARGE_ADMISSION_CANCELLED),
                typesAbout(bootstrapServers, nhs, stay.getString("id")));
    }

    @Test
    void badMessagesAreRefusedWithTheReasonAndChangeNothing() {
        String nhs = TestNhsNumbers.next();
        String visit = visit();
        String badNhs = nhs.substring(0, 9) + ((nhs.charAt(9) - '0' + 1) % 10);
        double errors = ServiceMetrics.value(ACKS, "code", "AE");
        double rejects = ServiceMetrics.value(ACKS, "code", "AR");
        assertRefused(Adt.of("A01", badNhs, visit).er7(), "AE", "modulus 11");
        assertRefused(Adt.of("A01", null, visit).patientIds("").er7(), "AE", "No patient identifier");
        assertRefused(Adt.of("A03", nhs, visit).admitted("20261130100000").discharged("20261129100000").er7(), "AE",
                "before the admission");
        assertRefused(Adt.of("A01", nhs, visit).admitted("28/11/2026 09:30").er7(), "AE", "PV1-44");
        assertRefused(Adt.of("A01", nhs, null).admitted("").er7(), "AE", "visit number");
        String noPv1 = String.join("\r", Arrays.stream(Adt.of("A01", nhs, visit).er7().split("\r"))
                .filter(s -> !s.startsWith("PV1")).toList());
        assertRefused(noPv1, "AE", "PV1 segment is missing");
        assertRefused(Adt.of("A01", nhs, visit).er7().replace("ADT^A01", "ORU^R01"), "AR", "ADT");
        String garbage = http("hello, is this the discharge service?");
        assertEquals("AR", field(garbage, "MSA", 1), garbage);
        assertTrue(field(garbage, "MSA", 3).contains("MSH"), garbage);
        // The interface team's dashboard counts each refusal by its code.
        assertEquals(errors + 6, ServiceMetrics.value(ACKS, "code", "AE"));
        assertEquals(rejects + 2, ServiceMetrics.value(ACKS, "code", "AR"));

        given().auth().oauth2(HUB).get("/fhir/Encounter?patient.identifier=" + nhs).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(0));
        given().auth().oauth2(HUB).get("/fhir/Encounter?identifier=" + visit).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void theErrorSegmentIsTheOneTheMessagesVersionReads() {
        String visit = visit();
        String v25 = http(Adt.of("A01", null, visit).patientIds("").version("2.5.1").er7());
        assertEquals("101^Required field missing^HL70357", field(v25, "ERR", 3), v25);
        assertEquals("E", field(v25, "ERR", 4));
        assertTrue(field(v25, "ERR", 8).startsWith("No patient identifier"), v25);
        String v24 = http(Adt.of("A01", null, visit).patientIds("").version("2.4").er7());
        assertEquals("PID^1^3^101&Required field missing&HL70357", field(v24, "ERR", 1), v24);
    }

    @Test
    void olderFeedsCarryTheNhsNumberInPid2AndOtherAdtEventsArePassedOver() {
        String nhs = TestNhsNumbers.next();
        String ack = http(Adt.of("A01", null, visit()).nhsInPid2(nhs).version("2.3").withoutZSegment().er7());
        assertEquals("AA", field(ack, "MSA", 1), ack);
        assertEquals("in-progress", onlyStay(nhs).getString("status"));

        String registration = http(Adt.of("A28", nhs, visit()).er7());
        assertEquals("AA", field(registration, "MSA", 1), registration);
        assertTrue(field(registration, "MSA", 3).contains("not used by discharge to assess"), registration);
    }

    @Test
    void aStayWithoutAnNhsNumberIsKeptAndAnnouncedOnceTheNumberIsKnown() {
        String nhs = TestNhsNumbers.next();
        String visit = visit();
        assertEquals("AA", field(http(Adt.of("A01", null, visit).er7()), "MSA", 1));
        String id = given().auth().oauth2(HUB).get("/fhir/Encounter?identifier=" + visit).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1)).extract().path("entry[0].resource.id");
        assertEquals("AA", field(http(Adt.of("A08", nhs, visit).er7()), "MSA", 1));
        JsonPath stay = onlyStay(nhs);
        assertEquals(id, stay.getString("id"));
        assertEquals(List.of(EventTypes.DISCHARGE_ADMITTED), typesAbout(bootstrapServers, nhs, id));
    }

    @Test
    void aPendingDischargeAndATransferUpdateTheStayAndAreKeptInItsHistory() {
        String nhs = TestNhsNumbers.next();
        String visit = visit();
        http(Adt.of("A01", nhs, visit).er7());
        assertEquals("AA", field(http(Adt.of("A16", nhs, visit).expected("20261202").er7()), "MSA", 1));
        assertEquals("AA", field(http(Adt.of("A02", nhs, visit).ward("WARD9^^3^RHM").er7()), "MSA", 1));
        JsonPath stay = onlyStay(nhs);
        assertEquals("WARD9, bed 3", stay.getString("location[0].location.display"));
        assertEquals("2026-12-02T00:00:00+00:00", stay.getString("extension.find { it.url == '"
                + HospitalStay.EXPECTED_DISCHARGE_EXTENSION + "' }.valueDateTime"));
        given().auth().oauth2(HUB).get("/fhir/Encounter/" + stay.getString("id") + "/_history").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(3));
    }

    @Test
    void overHttpOnlyADischargeHubMayPost() {
        String message = Adt.of("A01", TestNhsNumbers.next(), visit()).er7();
        given().contentType(Hl7v2Resource.ER7).body(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/hl7v2").then().statusCode(401)
                .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"));
        given().auth().oauth2(NURSE).contentType(Hl7v2Resource.ER7).body(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/hl7v2").then().statusCode(403)
                .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"));
    }

    private void assertRefused(String message, String code, String reason) {
        String ack = http(message);
        assertEquals(code, field(ack, "MSA", 1), ack);
        assertTrue(field(ack, "MSA", 3).contains(reason), "MSA-3 says why: " + ack);
    }


    private static String visitOf(Adt admit) {
        String pv1 = Arrays.stream(admit.er7().split("\r")).filter(s -> s.startsWith("PV1")).findFirst().orElseThrow();
        return pv1.split("\\|", -1)[19].split("\\^")[0];
    }

}
