package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.Identifiers;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.relationships.PlanRelationships;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * A person objects to sharing their record with the voluntary sector organisation in their cluster
 * team: from that moment its worker is refused the plan by every route, an open stream stops
 * carrying the person's changes, the rest of the team still sees the plan and why the worker does
 * not, and withdrawing the objection restores the worker's access.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class ConsentTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String NURSE = KEYS.member("nurse.jones", "R1C", "central", Roles.COMMUNITY_NURSE);
    /** A care navigator of a voluntary organisation (ODS VS001) in the central cluster team. */
    static final String NAVIGATOR = KEYS.member("care.navigator", "VS001", "central", Roles.VOLUNTARY_SECTOR);
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/fhir/CarePlan/_stream")
    URI stream;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** The person's objection to sharing with this organisation, given verbally at a home visit, kept by R1C. */
    static Consent objection(String nhs, String refused) {
        Consent consent = new Consent().setStatus(Consent.ConsentState.ACTIVE).setDateTime(new Date())
                .setPatient(new Reference().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(nhs)));
        consent.getScope().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/consentscope")
                .setCode("patient-privacy");
        consent.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
        consent.addPerformer().setDisplay("The person, in their own words");
        consent.setSource(new Attachment().setTitle("Verbally, at a home visit on 30 November"));
        consent.addOrganization().setIdentifier(new Identifier().setSystem(Identifiers.ODS_ORGANIZATION)
                .setValue("R1C"));
        consent.getProvision().setType(Consent.ConsentProvisionType.DENY);
        if (refused != null) {
            consent.getProvision().addActor().setReference(new Reference().setIdentifier(new Identifier()
                    .setSystem(Identifiers.ODS_ORGANIZATION).setValue(refused)))
                    .getRole().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType")
                    .setCode("IRCP");
        }
        return consent;
    }

    @Test
    void anObjectionIsHonouredAtOnceEverywhereAndShownToThoseStillAllowed() throws Exception {
        String nhs = TestNhsNumbers.next();
        String plan = create(NURSE, "CarePlan", CareRelationshipsTest.plan(nhs, "What matters to me: my cat"));
        given().auth().oauth2(NAVIGATOR).get("/fhir/CarePlan/" + plan).then().statusCode(200);

        try (CarePlanStreamTest.Listening navigatorStream = listen(NAVIGATOR, "?cluster=central");
                CarePlanStreamTest.Listening nurseStream = listen(NURSE, "?cluster=central")) {
            String consent = create(NURSE, "Consent", Fhir.toJson(objection(nhs, "VS001")));

            for (String path : List.of("/fhir/CarePlan/" + plan, "/fhir/CarePlan/" + plan + "/_history",
                    "/fhir/CarePlan?patient.identifier=" + nhs, "/fhir/Consent/" + consent)) {
                String refusal = given().auth().oauth2(NAVIGATOR).get(path).then().statusCode(403).extract().asString();
                assertFalse(refusal.contains(nhs), refusal);
            }
            given().auth().oauth2(NAVIGATOR).get("/fhir/CarePlan?cluster=central&_count=1000").then().statusCode(200)
                    .body("entry.resource.id", not(hasItem(plan)));
            given().auth().oauth2(NAVIGATOR).contentType("application/fhir+json")
                    .body(BadInputFuzzTest.goal(nhs)).post("/fhir/Goal").then().statusCode(403);

            // The team still sees the plan, and why the navigator does not.
            given().auth().oauth2(NURSE).get("/fhir/CarePlan/" + plan).then().statusCode(200)
                    .body("supportingInfo.display", hasItem(containsString("Objects to sharing this record with VS001")))
                    .body("supportingInfo.display", hasItem(containsString("Verbally, at a home visit")));

            // A change after the objection reaches the nurse's open stream and not the navigator's, which
            // still carries another person's change made after it.
            create(NURSE, "Goal", BadInputFuzzTest.goal(nhs));
            String other = TestNhsNumbers.next();
            create(NURSE, "CarePlan", CareRelationshipsTest.plan(other, "What matters to me: my allotment"));
            List<CarePlanStreamTest.Pushed> toNurse = nurseStream.until(p -> p.data() != null
                    && p.data().contains(other));
            assertEquals(true, toNurse.stream().anyMatch(p -> "careplan.updated.v1".equals(p.event())
                    && p.data().contains(nhs) && p.data().contains("Walk to the corner shop")),
                    "the nurse hears of the plan with its new goal");
            List<CarePlanStreamTest.Pushed> toNavigator = navigatorStream.until(p -> p.data() != null
                    && p.data().contains(other));
            assertFalse(toNavigator.stream().anyMatch(p -> p.data() != null && p.data().contains(nhs)),
                    "the navigator's open stream carries nothing of the person from the objection on: " + toNavigator);

            // The person withdraws the objection: the navigator sees the plan again.
            Consent withdrawn = objection(nhs, "VS001").setStatus(Consent.ConsentState.INACTIVE);
            withdrawn.setId(consent);
            given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                    .body(Fhir.toJson(withdrawn)).put("/fhir/Consent/" + consent).then().statusCode(200);
            given().auth().oauth2(NAVIGATOR).get("/fhir/CarePlan/" + plan).then().statusCode(200)
                    .body("supportingInfo.display", hasItem(containsString("withdrawn")));
        }
    }

    /**
     * The other services learn who may see whom from relationships.v1: an event when the plan is
     * made, when an objection is recorded and when it is withdrawn, and none for changes that alter
     * nobody's access (a goal; a whole-plan edit, which cannot drop the person's objections).
     */
    @Test
    void theOtherServicesHearOfWhoMaySeeWhomOnlyWhenItChanges() throws Exception {
        String nhs = TestNhsNumbers.next();
        String plan = create(NURSE, "CarePlan", CareRelationshipsTest.plan(nhs, "What matters to me: my garden"));
        create(NURSE, "Goal", BadInputFuzzTest.goal(nhs));
        String consent = create(NURSE, "Consent", Fhir.toJson(objection(nhs, "VS001")));

        // A whole-plan edit that leaves the objection out keeps it: it is the person's, not the editor's.
        String stored = given().auth().oauth2(NURSE).get("/fhir/CarePlan/" + plan).then().statusCode(200)
                .extract().asString();
        CarePlan edited = Fhir.parse(CarePlan.class, stored);
        edited.getExtension().removeIf(e -> CarePlanContract.SHARING_OBJECTION_EXTENSION.equals(e.getUrl()));
        edited.setDescription("Reviewed at home with the person");
        given().auth().oauth2(NURSE).contentType("application/fhir+json")
                .header("If-Match", "W/\"" + edited.getMeta().getVersionId() + "\"").body(Fhir.toJson(edited))
                .put("/fhir/CarePlan/" + plan).then().statusCode(200)
                .body("extension.find { it.url == '" + CarePlanContract.SHARING_OBJECTION_EXTENSION + "' }"
                        + ".extension.find { it.url == 'recipient' }.valueString", equalTo("VS001"));
        given().auth().oauth2(NAVIGATOR).get("/fhir/CarePlan/" + plan).then().statusCode(403);

        Consent withdrawn = objection(nhs, "VS001").setStatus(Consent.ConsentState.INACTIVE);
        withdrawn.setId(consent);
        given().auth().oauth2(NURSE).contentType("application/fhir+json").header("If-Match", "W/\"1\"")
                .body(Fhir.toJson(withdrawn)).put("/fhir/Consent/" + consent).then().statusCode(200);

        ObjectMapper json = new ObjectMapper();
        List<PlanRelationships> heard = new ArrayList<>();
        for (ConsumerRecord<String, String> record : TestEvents.read(bootstrapServers, Topics.RELATIONSHIPS,
                Duration.ofSeconds(15), records -> records.stream().filter(r -> r.value().contains(plan)).count() >= 3)) {
            if (("CarePlan/" + plan).equals(TestEvents.header(record, "ce_subject"))) {
                assertEquals(EventTypes.CAREPLAN_RELATIONSHIPS, TestEvents.header(record, "ce_type"));
                heard.add(PlanRelationships.of(json.readTree(record.value())));
            }
        }
        assertEquals(List.of(List.of(), List.of("VS001"), List.of()), heard.stream()
                .map(h -> h.objections().stream().map(PlanRelationships.Objection::recipient).toList()).toList(),
                "made, objection recorded, withdrawn; and nothing for the goal or the edit: " + heard);
        heard.forEach(h -> assertEquals("central", h.cluster()));
        assertEquals(List.of(1L, 3L, 5L), heard.stream().map(PlanRelationships::version).toList(),
                "the plan versions that changed access (2 was the goal, 4 the edit)");
    }

    /**
     * An objection is the person's, not their plan's: when their plan is completed and a new one
     * made (by a person, or by any change such as a goal), the new plan carries it, shows it, and
     * tells the other services, which would otherwise stop honouring it.
     */
    @Test
    void aPersonsNextPlanCarriesTheirObjections() throws Exception {
        String nhs = TestNhsNumbers.next();
        String first = create(NURSE, "CarePlan", CareRelationshipsTest.plan(nhs, "What matters to me: my piano"));
        create(NURSE, "Consent", Fhir.toJson(objection(nhs, "VS001")));
        complete(first);

        String second = create(NURSE, "CarePlan", CareRelationshipsTest.plan(nhs, "What matters to me: my choir"));
        assertCarriesTheObjection(second);

        // A plan made by a change to a person with none, here a goal, carries it as well.
        complete(second);
        create(NURSE, "Goal", BadInputFuzzTest.goal(nhs));
        String third = given().auth().oauth2(NURSE).get("/fhir/CarePlan?patient.identifier=" + nhs + "&status=active")
                .then().statusCode(200).body("total", equalTo(1)).extract().path("entry[0].resource.id");
        assertCarriesTheObjection(third);

        ObjectMapper json = new ObjectMapper();
        List<List<String>> refusedInEvents = new ArrayList<>();
        for (ConsumerRecord<String, String> record : TestEvents.read(bootstrapServers, Topics.RELATIONSHIPS,
                Duration.ofSeconds(15), records -> records.stream().anyMatch(r -> r.value().contains(third)))) {
            String subject = TestEvents.header(record, "ce_subject");
            if (("CarePlan/" + second).equals(subject) || ("CarePlan/" + third).equals(subject)) {
                refusedInEvents.add(PlanRelationships.of(json.readTree(record.value())).objections().stream()
                        .map(PlanRelationships.Objection::recipient).toList());
            }
        }
        assertEquals(List.of(List.of("VS001"), List.of("VS001"), List.of("VS001")), refusedInEvents,
                "the second plan made and completed, the third made: each still refuses VS001");
    }

    private void assertCarriesTheObjection(String plan) {
        given().auth().oauth2(NURSE).get("/fhir/CarePlan/" + plan).then().statusCode(200)
                .body("supportingInfo.display", hasItem(containsString("Objects to sharing this record with VS001")))
                .body("extension.find { it.url == '" + CarePlanContract.SHARING_OBJECTION_EXTENSION + "' }"
                        + ".extension.find { it.url == 'recipient' }.valueString", equalTo("VS001"));
        given().auth().oauth2(NAVIGATOR).get("/fhir/CarePlan/" + plan).then().statusCode(403);
    }

    private static void complete(String plan) {
        String stored = given().auth().oauth2(NURSE).get("/fhir/CarePlan/" + plan).then().statusCode(200)
                .extract().asString();
        CarePlan done = Fhir.parse(CarePlan.class, stored).setStatus(CarePlan.CarePlanStatus.COMPLETED);
        given().auth().oauth2(NURSE).contentType("application/fhir+json")
                .header("If-Match", "W/\"" + done.getMeta().getVersionId() + "\"").body(Fhir.toJson(done))
                .put("/fhir/CarePlan/" + plan).then().statusCode(200);
    }

    @Test
    void anObjectionToEveryoneLeavesOnlyTheKeepingOrganisation() {
        String nhs = TestNhsNumbers.next();
        String plan = create(NURSE, "CarePlan", CareRelationshipsTest.plan(nhs, "What matters to me: privacy"));
        create(NURSE, "Consent", Fhir.toJson(objection(nhs, null)));
        given().auth().oauth2(NURSE).get("/fhir/CarePlan/" + plan).then().statusCode(200)
                .body("supportingInfo.display", hasItem(containsString("anyone outside R1C")));
        given().auth().oauth2(NAVIGATOR).get("/fhir/CarePlan/" + plan).then().statusCode(403);
        given().auth().oauth2(KEYS.member("sw.ahmed", "SCC01", "central", Roles.SOCIAL_WORKER))
                .get("/fhir/CarePlan/" + plan).then().statusCode(403);
    }

    @Test
    void anObjectionSaysWhoWhenAndHowOrIsRefused() {
        String nhs = TestNhsNumbers.next();
        create(NURSE, "CarePlan", CareRelationshipsTest.plan(nhs, "What matters to me: my family"));
        Consent permit = objection(nhs, "VS001");
        permit.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
        refused(permit, 422, "direct care is the default");
        refused(objection(nhs, "VS001").setSource(null), 400, "how it was given");
        Consent nobody = objection(nhs, "VS001");
        nobody.getPerformer().clear();
        refused(nobody, 400, "who gave it");
        refused(objection(nhs, "VS001").setDateTimeElement(null), 400, "when");
        Consent unnamed = objection(nhs, "VS001");
        unnamed.getProvision().getActorFirstRep().getReference().getIdentifier().setSystem("https://example.org/org");
        refused(unnamed, 400, "ODS code");
        given().auth().oauth2(NAVIGATOR).get("/fhir/Consent?patient.identifier=" + nhs).then().statusCode(200)
                .body("total", equalTo(0));
    }

    private static void refused(Consent consent, int status, String words) {
        given().auth().oauth2(NURSE).contentType("application/fhir+json").body(Fhir.toJson(consent))
                .post("/fhir/Consent").then().statusCode(status).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString(words));
    }

    private static String create(String token, String type, String body) {
        return given().auth().oauth2(token).contentType("application/fhir+json").body(body).post("/fhir/" + type)
                .then().statusCode(201).extract().path("id");
    }

    private CarePlanStreamTest.Listening listen(String token, String query) throws Exception {
        HttpResponse<InputStream> response = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(stream + query))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(30, TimeUnit.SECONDS);
        CarePlanStreamTest.Listening listening = new CarePlanStreamTest.Listening(response);
        assertEquals(200, listening.status, listening.body);
        return listening;
    }
}
