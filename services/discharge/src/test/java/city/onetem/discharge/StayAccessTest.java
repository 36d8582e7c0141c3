package city.onetem.discharge;

import static city.onetem.discharge.DischargeApi.HUB;
import static city.onetem.discharge.DischargeApi.field;
import static city.onetem.discharge.DischargeApi.http;
import static city.onetem.discharge.DischargeApi.onlyStay;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.relationships.PlanRelationships;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Whose hospital stays each caller sees: a hub its own hospital's (RHM's hub, not RHU's), a
 * cluster team the stays of the people whose plan it holds and those their CareTeam names the stays
 * of its people, as relationships.v1 says, and nothing of anyone else's, found, counted or changed.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "discharge"))
class StayAccessTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String OTHER_HUB = KEYS.token("epr.interface", "RHU", Roles.DISCHARGE_HUB);
    static final String SITE_HUB = KEYS.token("site.desk", "RHM01", Roles.DISCHARGE_HUB);
    static final String CENTRAL_NURSE = KEYS.member("nurse.jones", "R1C", "central", Roles.COMMUNITY_NURSE);
    static final String WEST_NURSE = KEYS.member("nurse.west", "R1C", "west", Roles.COMMUNITY_NURSE);
    static final String SPA = KEYS.token("spa.coordinator", "R1C", Roles.SPA);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    PersonKeys personKeys;

    @Test
    void aHubSeesAndChangesOnlyItsOwnHospitalsStays() {
        String nhs = TestNhsNumbers.next();
        String visit = "V" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals("AA", field(http(Adt.of("A01", nhs, visit).er7()), "MSA", 1));
        String id = onlyStay(nhs).getString("id");

        for (String path : new String[] {"", "/_history", "/_history/1"}) {
            String refusal = given().auth().oauth2(OTHER_HUB).get("/fhir/Encounter/" + id + path).then()
                    .statusCode(403).body("issue[0].code", equalTo("forbidden"))
                    .body("issue[0].diagnostics", equalTo(StayAccess.NOT_YOURS)).extract().asString();
            assertFalse(refusal.contains(nhs), refusal);
        }
        given().auth().oauth2(OTHER_HUB).get("/fhir/Encounter?patient.identifier=" + nhs).then().statusCode(200)
                .body("total", equalTo(0));
        given().auth().oauth2(OTHER_HUB).get("/fhir/Encounter?identifier=" + visit).then().body("total", equalTo(0));
        given().auth().oauth2(OTHER_HUB).contentType("application/fhir+json")
                .body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"reason\",\"valueCode\":\"awaiting-care-home\"}]}")
                .post("/fhir/Encounter/" + id + "/$delay-reason").then().statusCode(403);
        given().auth().oauth2(HUB).get("/fhir/Encounter/" + id).then().statusCode(200).body("meta.versionId", equalTo("1"));
        // A site of the trust (RHM01) is the trust's hospital too; the trust is not the site's.
        given().auth().oauth2(SITE_HUB).get("/fhir/Encounter/" + id).then().statusCode(403);
        // The ADT posted over HTTP is on the person's audit trail, as the change it made.
        java.util.List<String> trail = given().auth().oauth2(KEYS.token("privacy.officer", "R1C", Roles.AUDITOR))
                .get("/fhir/AuditEvent?patient.identifier=" + nhs).then().statusCode(200).extract()
                .path("entry.collect { it.resource.subtype[0].code }");
        assertEquals("hl7v2", trail.get(trail.size() - 1), "the oldest access is the admission: " + trail);
    }

    @Test
    void aClusterTeamSeesTheStaysOfThePeopleWhosePlanItHolds() {
        String nhs = TestNhsNumbers.next();
        assertEquals("AA", field(http(Adt.of("A01", nhs, "V" + UUID.randomUUID().toString().substring(0, 8)).er7()),
                "MSA", 1));
        String id = onlyStay(nhs).getString("id");
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/Encounter/" + id).then().statusCode(403);
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/Encounter?patient.identifier=" + nhs).then()
                .body("total", equalTo(0));

        String plan = UUID.randomUUID().toString();
        String key = personKeys.keyFor(new NhsNumber(nhs));
        TestEvents.publishRelationships(bootstrapServers, key, plan, new PlanRelationships(plan, 1, "active", nhs, "central",
                List.of()).toJson());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> given().auth()
                .oauth2(CENTRAL_NURSE).get("/fhir/Encounter/" + id).then().extract().statusCode() == 200);
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/Encounter?patient.identifier=" + nhs).then()
                .body("total", equalTo(1)).body("entry[0].resource.id", equalTo(id));
        given().auth().oauth2(WEST_NURSE).get("/fhir/Encounter/" + id).then().statusCode(403);

        // The person objects to sharing with the nurses' trust (R1C): refused at once, search included; and
        // the objection withdrawn, seen again.
        String consent = UUID.randomUUID().toString();
        TestEvents.publishRelationships(bootstrapServers, key, plan, new PlanRelationships(plan, 2, "active", nhs, "central",
                List.of(new PlanRelationships.Objection("Consent/" + consent, "R1C", "SCC01"))).toJson());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> given().auth()
                .oauth2(CENTRAL_NURSE).get("/fhir/Encounter/" + id).then().extract().statusCode() == 403);
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/Encounter?patient.identifier=" + nhs).then()
                .body("total", equalTo(0));
        given().auth().oauth2(SPA).get("/fhir/Encounter/" + id).then().statusCode(403);
        given().auth().oauth2(HUB).get("/fhir/Encounter/" + id).then().statusCode(200); // the hospital's own record
        TestEvents.publishRelationships(bootstrapServers, key, plan, new PlanRelationships(plan, 3, "active", nhs, "central",
                List.of()).toJson());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> given().auth()
                .oauth2(CENTRAL_NURSE).get("/fhir/Encounter/" + id).then().extract().statusCode() == 200);

        // The west team takes the plan over: the central team no longer sees the stay.
        TestEvents.publishRelationships(bootstrapServers, key, plan, new PlanRelationships(plan, 4, "active", nhs, "west",
                List.of()).toJson());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> given().auth()
                .oauth2(WEST_NURSE).get("/fhir/Encounter/" + id).then().extract().statusCode() == 200);
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/Encounter/" + id).then().statusCode(403);
        given().auth().oauth2(CENTRAL_NURSE).get("/fhir/Encounter?patient.identifier=" + nhs).then()
                .body("total", equalTo(0));
    }

    @Test
    void aHubSendsADTForItsOwnHospitalOnly() {
        String nhs = TestNhsNumbers.next();
        String visit = "V" + UUID.randomUUID().toString().substring(0, 8);
        String ack = http(OTHER_HUB, Adt.of("A01", nhs, visit).er7()); // MSH-4 RHM, sent by RHU's hub
        assertEquals("AR", field(ack, "MSA", 1), ack);
        assertTrue(ack.contains("may not send ADT for RHM"), ack);
        given().auth().oauth2(SPA).get("/fhir/Encounter?patient.identifier=" + nhs).then().statusCode(200)
                .body("total", equalTo(0));
        assertEquals("AA", field(http(HUB, Adt.of("A01", nhs, visit).er7()), "MSA", 1),
                "the hospital's own hub is taken");
    }

    @Test
    void thoseThePersonsCareTeamNamesSeeTheStayToo() {
        String nhs = TestNhsNumbers.next();
        assertEquals("AA", field(http(Adt.of("A01", nhs, "V" + UUID.randomUUID().toString().substring(0, 8)).er7()),
                "MSA", 1));
        String id = onlyStay(nhs).getString("id");
        // A mental health practitioner outside any cluster team, named as a user; the north team, named as a team.
        String practitioner = KEYS.token("mh.practitioner", "RX1", Roles.MENTAL_HEALTH);
        String northNurse = KEYS.member("nurse.north", "R1C", "north", Roles.COMMUNITY_NURSE);
        given().auth().oauth2(practitioner).get("/fhir/Encounter/" + id).then().statusCode(403);

        String plan = UUID.randomUUID().toString();
        String key = personKeys.keyFor(new NhsNumber(nhs));
        TestEvents.publishRelationships(bootstrapServers, key, plan, new PlanRelationships(plan, 1, "active", nhs,
                "central", List.of(), List.of("https://onetem.city/Id/user|mh.practitioner",
                        "https://onetem.city/Id/cluster|north")).toJson());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> given().auth()
                .oauth2(practitioner).get("/fhir/Encounter/" + id).then().extract().statusCode() == 200);
        given().auth().oauth2(practitioner).get("/fhir/Encounter?patient.identifier=" + nhs).then()
                .body("total", equalTo(1));
        given().auth().oauth2(northNurse).get("/fhir/Encounter/" + id).then().statusCode(200);
        given().auth().oauth2(WEST_NURSE).get("/fhir/Encounter/" + id).then().statusCode(403);

        // Taken off the care team: refused again, the search included.
        TestEvents.publishRelationships(bootstrapServers, key, plan, new PlanRelationships(plan, 2, "active", nhs,
                "central", List.of()).toJson());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> given().auth()
                .oauth2(practitioner).get("/fhir/Encounter/" + id).then().extract().statusCode() == 403);
        given().auth().oauth2(practitioner).get("/fhir/Encounter?patient.identifier=" + nhs).then()
                .body("total", equalTo(0));
        given().auth().oauth2(northNurse).get("/fhir/Encounter/" + id).then().statusCode(403);
    }
}
