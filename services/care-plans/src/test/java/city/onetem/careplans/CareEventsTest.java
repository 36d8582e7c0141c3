package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.events.CareEventContract;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.NhsNumber;
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
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Discharge and virtual ward events, published to the real broker as their services will publish
 * them, keep the person's one plan current; replays change nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class CareEventsTest {


    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    PersonKeys personKeys;
    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void referredDischargedAndOnTheVirtualWardOnePlanShowsAllThree() {
        String nhs = TestNhsNumbers.next();
        new SpaEvents(bootstrapServers, personKeys).received(nhs, "Community nursing");
        Encounter stay = hospitalStay(nhs, 1);
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_DISCHARGED, nhs, stay, UUID.randomUUID().toString());
        EpisodeOfCare ward = wardStay(nhs);
        publish(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_ADMITTED, nhs, ward, UUID.randomUUID().toString());

        JsonPath plan = awaitPlan(nhs, p -> p.getList("activity").size() == 3);
        assertEquals(1, plan.getInt("total"), "one plan");
        List<String> shown = plan.getList("entry[0].resource.activity.reference.display");
        assertTrue(shown.stream().anyMatch(d -> d.startsWith("Community nursing referral: received")), shown.toString());
        assertTrue(shown.stream().anyMatch(d -> d.startsWith("Discharged from Southampton General on")
                && d.contains("pathway 1")), shown.toString());
        assertTrue(shown.stream().anyMatch(d -> d.startsWith("Virtual ward (respiratory) since")), shown.toString());
        assertTrue(plan.getString("entry[0].resource.note[0].text").contains("reablement or rehabilitation at home"));
    }

    @Test
    void aPathwayThenTheDischargeIsOneStayAndReplaysChangeNothing() {
        String nhs = TestNhsNumbers.next();
        Encounter stay = hospitalStay(nhs, 2);
        String assigned = UUID.randomUUID().toString();
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_PATHWAY_ASSIGNED, nhs, stay, assigned);
        awaitPlan(nhs, p -> p.getString("activity[0].reference.display").contains("medically optimised"));

        stay.getMeta().setVersionId("2");
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_DISCHARGED, nhs, stay, UUID.randomUUID().toString());
        JsonPath plan = awaitPlan(nhs, p -> p.getString("activity[0].reference.display").startsWith("Discharged"));
        assertEquals("2", plan.getString("entry[0].resource.meta.versionId"));

        // The first event again, and the first version under a new event id: both are replays.
        stay.getMeta().setVersionId("1");
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_PATHWAY_ASSIGNED, nhs, stay, assigned);
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_PATHWAY_ASSIGNED, nhs, stay, UUID.randomUUID().toString());
        // A later stay for the same person marks the point by which the replays were consumed.
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_ADMITTED, nhs, hospitalStay(nhs, 0),
                UUID.randomUUID().toString());
        // The stay, the task to arrange discharge to assess, and the later stay.
        plan = awaitPlan(nhs, p -> p.getList("activity").size() == 3);
        assertEquals("3", plan.getString("entry[0].resource.meta.versionId"));
        assertTrue(plan.getString("entry[0].resource.activity[1].reference.display")
                .startsWith("Arrange discharge to assess, pathway 2 (short-term bedded"));
        assertTrue(plan.getString("entry[0].resource.activity[0].reference.display").startsWith("Discharged"));
    }

    @Test
    void aNews2EscalationBecomesAnUrgentActivityForTheResponsibleClinician() {
        String nhs = TestNhsNumbers.next();
        publish(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_ADMITTED, nhs, wardStay(nhs), UUID.randomUUID().toString());
        Observation news2 = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setValue(new IntegerType(7)).setEffective(new org.hl7.fhir.r4.model.DateTimeType(new Date()))
                .setSubject(person(nhs));
        news2.getCode().setText("NEWS2 score");
        news2.addPerformer(new Reference().setDisplay("Dr Okafor"));
        news2.addExtension(CareEventContract.NEWS2_RISK_EXTENSION, new org.hl7.fhir.r4.model.CodeType("high"));
        news2.setId(UUID.randomUUID().toString());
        news2.getMeta().setVersionId("1");
        publish(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_ESCALATED, nhs, news2, UUID.randomUUID().toString());
        JsonPath plan = awaitPlan(nhs, p -> p.getList("activity").size() == 2);
        String line = plan.getString("entry[0].resource.activity[1].reference.display");
        assertTrue(line.startsWith("Urgent: NEWS2 7 (high risk, emergency response) at "), line);
        assertTrue(line.endsWith("(requested, owner Dr Okafor)"), line);
        JsonPath task = Plans.stored(dataSource, "task", nhs).setRootPath("entry[0].resource");
        assertEquals("stat", task.getString("priority"));
        assertEquals("Dr Okafor", task.getString("owner.display"));
        assertEquals("requested", task.getString("status"));
    }

    @Test
    void aPathwayAssignedWithoutAPathwayIsParkedAndTheNextEventStillApplies() {
        String nhs = TestNhsNumbers.next();
        Encounter noPathway = hospitalStay(nhs, 1);
        noPathway.getExtension().clear();
        String poisonId = UUID.randomUUID().toString();
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_PATHWAY_ASSIGNED, nhs, noPathway, poisonId);
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_ADMITTED, nhs, hospitalStay(nhs, 1), UUID.randomUUID().toString());
        awaitPlan(nhs, p -> p.getList("activity").size() == 1);
        assertTrue(TestEvents.read(bootstrapServers, Topics.deadLetter(Topics.DISCHARGES), Duration.ofSeconds(10),
                        seen -> seen.stream().anyMatch(r -> poisonId.equals(TestEvents.header(r, CloudEventHeaders.ID))))
                .stream().filter(r -> poisonId.equals(TestEvents.header(r, CloudEventHeaders.ID)))
                .anyMatch(r -> TestEvents.header(r, "dead-letter-reason").contains("pathway")));
    }

    @Test
    void aSimpleDischargeHasNoPathwayAndTheHospitalsCorrectionsShowOnThePlan() {
        String nhs = TestNhsNumbers.next();
        Encounter stay = hospitalStay(nhs, 0);
        stay.getExtension().clear();
        stay.setStatus(Encounter.EncounterStatus.FINISHED);
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_DISCHARGED, nhs, stay, UUID.randomUUID().toString());
        JsonPath plan = awaitPlan(nhs, p -> p.getString("activity[0].reference.display").startsWith("Discharged"));
        assertTrue(plan.getString("entry[0].resource.note[0].text").contains("no discharge to assess pathway recorded"),
                plan.getString("entry[0].resource.note[0].text"));

        stay.setStatus(Encounter.EncounterStatus.INPROGRESS).getPeriod().setEnd(null);
        stay.getMeta().setVersionId("2");
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_DISCHARGE_CANCELLED, nhs, stay, UUID.randomUUID().toString());
        plan = awaitPlan(nhs, p -> p.getString("activity[0].reference.display").startsWith("In Southampton General since"));
        assertTrue(plan.getList("entry[0].resource.note.text").toString().contains("discharge from Southampton General was cancelled"));

        stay.setStatus(Encounter.EncounterStatus.ENTEREDINERROR);
        stay.getMeta().setVersionId("3");
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_ADMISSION_CANCELLED, nhs, stay, UUID.randomUUID().toString());
        awaitPlan(nhs, p -> p.getString("activity[0].reference.display").startsWith("Admission to Southampton General cancelled"));
    }

    @Test
    void medicallyOptimisedDelayedAndReablementEachShowOnThePlan() {
        String nhs = TestNhsNumbers.next();
        Encounter stay = hospitalStay(nhs, 1);
        stay.setStatus(Encounter.EncounterStatus.INPROGRESS).getPeriod().setEnd(null);
        stay.getExtension().clear();
        stay.addExtension(CareEventContract.MEDICALLY_OPTIMISED_EXTENSION, new org.hl7.fhir.r4.model.DateTimeType("2026-11-28T15:00:00Z"));
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_MEDICALLY_OPTIMISED, nhs, stay, UUID.randomUUID().toString());
        awaitPlan(nhs, p -> p.getString("activity[0].reference.display").equals("In Southampton General, medically "
                + "optimised since 2026-11-28: ready to leave, awaiting a discharge to assess pathway"));

        org.hl7.fhir.r4.model.Extension delay = stay.addExtension().setUrl(CareEventContract.DELAY_EXTENSION);
        delay.addExtension("days", new IntegerType(2));
        delay.addExtension("reason", new org.hl7.fhir.r4.model.Coding(CareEventContract.DELAY_REASON_SYSTEM,
                "awaiting-care-package", "awaiting a package of care at home"));
        stay.getMeta().setVersionId("2");
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_DELAYED, nhs, stay, UUID.randomUUID().toString());
        awaitPlan(nhs, p -> p.getString("activity[0].reference.display").equals("In Southampton General, medically "
                + "optimised since 2026-11-28: 2 days delayed (awaiting a package of care at home)"));

        org.hl7.fhir.r4.model.Extension reablement = stay.addExtension().setUrl(CareEventContract.REABLEMENT_EXTENSION);
        reablement.addExtension("status", new org.hl7.fhir.r4.model.CodeType("ended"));
        reablement.addExtension("started", new org.hl7.fhir.r4.model.DateTimeType("2026-12-01T12:00:00Z"));
        reablement.addExtension("ended", new org.hl7.fhir.r4.model.DateTimeType("2027-01-05T12:00:00Z"));
        reablement.addExtension("outcome", new org.hl7.fhir.r4.model.Coding(CareEventContract.REABLEMENT_OUTCOME_SYSTEM,
                "no-ongoing-care", "no ongoing care needed"));
        stay.getMeta().setVersionId("3");
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_REABLEMENT_ENDED, nhs, stay, UUID.randomUUID().toString());
        JsonPath plan = awaitPlan(nhs, p -> p.getString("activity[0].reference.display")
                .equals("Reablement ended on 2027-01-05: no ongoing care needed"));
        assertTrue(plan.getList("entry[0].resource.note.text").toString().contains("reablement ended: no ongoing care needed"));
    }

    @Test
    void everyDischargeEventReplayedChangesNothing() {
        String nhs = TestNhsNumbers.next();
        Encounter stay = hospitalStay(nhs, 1);
        String[] ids = {UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString()};
        String[] types = {EventTypes.DISCHARGE_ADMITTED, EventTypes.DISCHARGE_PATHWAY_ASSIGNED,
                EventTypes.DISCHARGE_DISCHARGED};
        for (int i = 0; i < 3; i++) {
            stay.getMeta().setVersionId(String.valueOf(i + 1));
            publish(Topics.DISCHARGES, types[i], nhs, stay, ids[i]);
        }
        awaitPlan(nhs, p -> "3".equals(p.getString("meta.versionId")));
        for (int i = 0; i < 3; i++) {
            stay.getMeta().setVersionId(String.valueOf(i + 1));
            publish(Topics.DISCHARGES, types[i], nhs, stay, ids[i]);
        }
        publish(Topics.DISCHARGES, EventTypes.DISCHARGE_ADMITTED, nhs, hospitalStay(nhs, 0), UUID.randomUUID().toString());
        JsonPath plan = awaitPlan(nhs, p -> p.getList("activity").size() == 3);
        assertEquals("4", plan.getString("entry[0].resource.meta.versionId"), "only the new stay made a version");
        assertEquals(1, tasks(nhs), "one task to arrange discharge to assess");
    }

    @Test
    void everyVirtualWardEventReplayedChangesNothing() {
        String nhs = TestNhsNumbers.next();
        EpisodeOfCare stay = wardStay(nhs);
        Observation news2 = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setValue(new IntegerType(5)).setEffective(new org.hl7.fhir.r4.model.DateTimeType(new Date()))
                .setSubject(person(nhs));
        news2.addExtension(CareEventContract.NEWS2_RISK_EXTENSION, new org.hl7.fhir.r4.model.CodeType("medium"));
        news2.setId(UUID.randomUUID().toString());
        news2.getMeta().setVersionId("1");
        String admitted = UUID.randomUUID().toString();
        String escalated = UUID.randomUUID().toString();
        String ended = UUID.randomUUID().toString();
        publish(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_ADMITTED, nhs, stay, admitted);
        publish(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_ESCALATED, nhs, news2, escalated);
        EpisodeOfCare finished = stay.copy();
        finished.setStatus(EpisodeOfCare.EpisodeOfCareStatus.FINISHED).getMeta().setVersionId("2");
        finished.getPeriod().setEnd(new Date());
        publish(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_DISCHARGED, nhs, finished, ended);
        awaitPlan(nhs, p -> "3".equals(p.getString("meta.versionId")));

        publish(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_ADMITTED, nhs, stay, admitted);
        publish(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_ESCALATED, nhs, news2, escalated);
        publish(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_DISCHARGED, nhs, finished, ended);
        publish(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_ADMITTED, nhs, wardStay(nhs), UUID.randomUUID().toString());
        JsonPath plan = awaitPlan(nhs, p -> p.getList("activity").size() == 3);
        assertEquals("4", plan.getString("entry[0].resource.meta.versionId"), "only the new stay made a version");
        assertTrue(plan.getString("entry[0].resource.activity[0].reference.display").contains("stay ended"));
        assertEquals(1, tasks(nhs), "one urgent task for the one escalation");
    }

    private int tasks(String nhs) {
        return Plans.stored(dataSource, "task", nhs).getInt("total");
    }

    private Encounter hospitalStay(String nhs, int pathway) {
        Encounter stay = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setSubject(person(nhs));
        stay.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("IMP");
        stay.setServiceProvider(new Reference().setDisplay("Southampton General"));
        stay.getPeriod().setStart(Date.from(Instant.now().minus(Duration.ofDays(9)))).setEnd(new Date());
        stay.addExtension(CareEventContract.PATHWAY_EXTENSION, new IntegerType(pathway));
        stay.setId(UUID.randomUUID().toString());
        stay.getMeta().setVersionId("1");
        return stay;
    }

    private EpisodeOfCare wardStay(String nhs) {
        EpisodeOfCare stay = new EpisodeOfCare().setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE).setPatient(person(nhs));
        stay.addType().setText("respiratory");
        stay.getPeriod().setStart(new Date());
        stay.setId(UUID.randomUUID().toString());
        stay.getMeta().setVersionId("1");
        return stay;
    }

    /**
     * A plan a ward admission started for someone never referred is held by no team: the SPA lists
     * it and hands it to a cluster team, which then sees and follows it; nobody else lists it.
     */
    @Test
    void theSpaHandsAPlanNoTeamHoldsToAClusterTeam() {
        String nhs = TestNhsNumbers.next();
        publish(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_ADMITTED, nhs, wardStay(nhs), UUID.randomUUID().toString());
        String plan = awaitPlan(nhs, p -> true).getString("entry[0].resource.id");
        var keys = city.onetem.platform.testing.DevKeys.forThisJvm();
        String spa = keys.token("spa.coordinator", "R1C", city.onetem.platform.access.Roles.SPA);
        String nurse = keys.member("nurse.jones", "R1C", "central", city.onetem.platform.access.Roles.COMMUNITY_NURSE);
        given().auth().oauth2(nurse).get("/fhir/CarePlan/" + plan).then().statusCode(403);

        assertTrue(unheld(spa).contains(plan), "the SPA lists the plan no team holds");
        given().auth().oauth2(nurse).get("/fhir/CarePlan?cluster:missing=true").then().statusCode(403);
        given().auth().oauth2(spa).get("/fhir/CarePlan?cluster=central").then().statusCode(403);
        given().auth().oauth2(spa).get("/fhir/CarePlan/" + plan).then().statusCode(403);
        handOver(spa, plan, "Central Team").statusCode(400);
        handOver(nurse, plan, "central").statusCode(403);

        handOver(spa, plan, "central").statusCode(200).body("extension.find { it.url == '"
                + city.onetem.platform.events.CarePlanContract.CLUSTER_EXTENSION + "' }.valueIdentifier.value",
                org.hamcrest.Matchers.equalTo("central"));
        given().auth().oauth2(nurse).get("/fhir/CarePlan/" + plan).then().statusCode(200);
        assertTrue(!unheld(spa).contains(plan), "held now, so off the SPA's list");
        handOver(spa, plan, "east").statusCode(409);
        handOver(spa, UUID.randomUUID().toString(), "east").statusCode(404);
    }

    private static List<String> unheld(String spa) {
        return given().auth().oauth2(spa).get("/fhir/CarePlan?cluster:missing=true&_count=500").then().statusCode(200)
                .extract().path("entry.resource.id");
    }

    private static io.restassured.response.ValidatableResponse handOver(String token, String plan, String cluster) {
        return given().auth().oauth2(token).contentType("application/fhir+json")
                .body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"cluster\",\"valueCode\":\""
                        + cluster + "\"}]}").post("/fhir/CarePlan/" + plan + "/$hand-over").then();
    }

    private static Reference person(String nhs) {
        return new Reference().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(nhs));
    }

    private void publish(String topic, String type, String nhs, Resource resource, String eventId) {
        TestEvents.publish(bootstrapServers, topic, personKeys.keyFor(new NhsNumber(nhs)), Map.of(
                CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, eventId,
                CloudEventHeaders.SOURCE, topic.startsWith("discharges") ? "/onetem/discharge" : "/onetem/virtual-ward",
                CloudEventHeaders.TYPE, type, CloudEventHeaders.TIME, Instant.now().toString(),
                CloudEventHeaders.SUBJECT, resource.fhirType() + "/" + resource.getIdElement().getIdPart(),
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.FHIR_JSON), Fhir.toJson(resource));
    }

    /** Waits until the person's only plan satisfies the check; returns the search Bundle. */
    private JsonPath awaitPlan(String nhs, java.util.function.Predicate<JsonPath> check) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonPath found = search(nhs);
            return found.getInt("total") == 1 && check.test(found.setRootPath("entry[0].resource"));
        });
        return search(nhs);
    }

    /** As stored: a plan made by hospital or ward events alone is held by no cluster team yet. */
    private JsonPath search(String nhs) {
        return Plans.stored(dataSource, nhs);
    }
}
