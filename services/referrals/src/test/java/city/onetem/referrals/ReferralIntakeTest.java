package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Intake at the Single Point of Access: every source and service, checks, repeats, links and routing. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class ReferralIntakeTest {

    static final String FHIR_JSON = "application/fhir+json";
    static final String TOKEN = DevKeys.forThisJvm().token("nhs111.supplier", "NHS111", Roles.REFERRER);
    static final String STATE = "extension.find { it.url == '" + ReferralState.EXTENSION + "' }.valueCode";
    static final String CLUSTER = "performer[0].identifier.value";
    /** The SPA's reading of who refers, beside the referrer's own coding in UK Core's extension. */
    static final String SOURCE = "extension.find { it.url == '" + ReferralSource.EXTENSION
            + "' }.valueCodeableConcept.coding.find { it.system == '" + ReferralSource.SYSTEM + "' }.code";
    static final String CASE_SYSTEM = "https://nhs111.example/case";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ParameterizedTest
    @EnumSource(value = ReferralSource.class, mode = EnumSource.Mode.EXCLUDE, names = "NOT_STATED")
    void everySourceCanRefer(ReferralSource source) {
        ReferralBuilder referral = ReferralBuilder.gpReferral(TestNhsNumbers.next()).source(source.code())
                .requester(source.needsRequesterOrganisation() ? "RHM01" : null).registeredAt("J82011");
        post(referral).statusCode(201).body(STATE, equalTo("received")).body(CLUSTER, equalTo("east"))
                .body(SOURCE, equalTo(source.code()));
    }

    @ParameterizedTest
    @EnumSource(ServiceCategory.class)
    void everyServiceCanBeAskedFor(ServiceCategory category) {
        post(ReferralBuilder.gpReferral(TestNhsNumbers.next()).category(category.code())).statusCode(201)
                .body("category[0].coding[0].code", equalTo(category.code()));
    }

    @Test
    void aReferralThatDoesNotSayWhoRefersIsReceivedWithTheSourceItsRequesterIs() {
        // It was refused: 400 "Say who is referring" for want of the SPA's own code.
        post(ReferralBuilder.gpReferral(TestNhsNumbers.next()).noSource()).statusCode(201)
                .body(SOURCE, equalTo("gp"));
        post(ReferralBuilder.gpReferral(TestNhsNumbers.next()).noSource().requester("RX7")).statusCode(201)
                .body(SOURCE, equalTo("ambulance"));
        post(ReferralBuilder.gpReferral(TestNhsNumbers.next()).noSource().requester(null)).statusCode(201)
                .body(SOURCE, equalTo("nhs111"))
                .body("requester.identifier.value", equalTo("NHS111"));
    }

    @Test
    void aSourceCodeTheSpaDoesNotKnowIsReceivedAndTheSourceDerived() {
        // It was refused: 400 "'postcard' is not a code".
        post(ReferralBuilder.gpReferral(TestNhsNumbers.next()).source("postcard").requester("RHM01")).statusCode(201)
                .body(SOURCE, equalTo("hospital"));
    }

    @Test
    void aReferralThatDoesNotSayWhichServiceIsReceivedToCategorise() {
        // It was refused: 400 "ServiceRequest.category needs a coding".
        ReferralBuilder referral = ReferralBuilder.gpReferral(TestNhsNumbers.next());
        referral.resource().getCategory().clear();
        referral.resource().getCode().setText("Help at home please");
        String id = post(referral).statusCode(201).body(STATE, equalTo("received"))
                .body("extension.find { it.url == '" + ReferralFhir.TO_CATEGORISE + "' }.valueString",
                        containsString("Help at home please"))
                .extract().path("id");
        assertTrue(queue("to-categorise").contains(id), "on the SPA's to-categorise queue");
    }

    @Test
    void nobodyToAnswerIsRefusedButAPersonReferringThemselvesNeedsNoOrganisation() {
        String anonymous = DevKeys.forThisJvm().token("web.form", null, Roles.REFERRER);
        given().auth().oauth2(anonymous).contentType(FHIR_JSON)
                .body(ReferralBuilder.gpReferral(TestNhsNumbers.next()).source("hospital").requester(null).json())
                .post("/fhir/ServiceRequest").then().statusCode(400)
                .body("issue[0].expression[0]", equalTo("ServiceRequest.requester"))
                .body("issue[0].diagnostics", containsString("Say who is referring"));
        given().auth().oauth2(anonymous).contentType(FHIR_JSON)
                .body(ReferralBuilder.gpReferral(TestNhsNumbers.next()).source("self").requester(null)
                        .registeredAt("J82001").json())
                .post("/fhir/ServiceRequest").then().statusCode(201).body(SOURCE, equalTo("self"));
    }

    @Test
    void aReferralInAnotherStatusThanActiveIsRefused() {
        ReferralBuilder referral = ReferralBuilder.gpReferral(TestNhsNumbers.next());
        referral.resource().setStatus(org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus.COMPLETED);
        post(referral).statusCode(400).body("issue[0].expression[0]", equalTo("ServiceRequest.status"));
    }

    @Test
    void theSameReferralPostedTwiceIsCreatedOnceAndTheOriginalReturned() {
        String nhsNumber = TestNhsNumbers.next();
        String caseNumber = UUID.randomUUID().toString();
        ReferralBuilder referral = ReferralBuilder.gpReferral(nhsNumber).identifier(CASE_SYSTEM, caseNumber);
        String id = post(referral).statusCode(201).extract().path("id");
        post(referral).statusCode(200).body("id", equalTo(id)).body("meta.versionId", equalTo("1"))
                .header("Content-Location", containsString("/fhir/ServiceRequest/" + id + "/_history/1"));
        assertEquals(List.of(id), referralsOf(nhsNumber), "the person has the one referral");
        assertEquals(List.of(EventTypes.REFERRAL_RECEIVED), eventsCarrying(caseNumber, nhsNumber),
                "one referral.received.v1, and nothing else published for the repeat");
    }

    @Test
    void theSameIdentifierForAnotherPersonIsRefusedWithoutShowingTheFirstReferral() {
        // It used to answer 200 with the first person's referral: someone else's record, to a stranger.
        String first = TestNhsNumbers.next();
        String other = TestNhsNumbers.next();
        String caseNumber = UUID.randomUUID().toString();
        String id = post(ReferralBuilder.gpReferral(first).identifier(CASE_SYSTEM, caseNumber)).statusCode(201)
                .extract().path("id");
        String answer = post(ReferralBuilder.gpReferral(other).identifier(CASE_SYSTEM, caseNumber)).statusCode(409)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("conflict"))
                .body("issue[0].diagnostics", containsString("identifier of its own"))
                .extract().asString();
        assertFalse(answer.contains(first) || answer.contains(id), "says nothing of the first referral: " + answer);
        assertEquals(List.of(), referralsOf(other), "nothing stored for the other person");
        assertEquals(List.of(id), referralsOf(first));
    }

    @Test
    void theSameIdentifierFromAnotherReferrerIsNotARepeat() {
        String nhsNumber = TestNhsNumbers.next();
        String caseNumber = UUID.randomUUID().toString();
        ReferralBuilder referral = ReferralBuilder.gpReferral(nhsNumber).identifier(CASE_SYSTEM, caseNumber);
        String id = post(referral).statusCode(201).extract().path("id");
        String otherReferrer = DevKeys.forThisJvm().token("ooh.gp", "J82002", Roles.REFERRER);
        String answer = given().auth().oauth2(otherReferrer).contentType(FHIR_JSON).body(referral.json())
                .post("/fhir/ServiceRequest").then().statusCode(409).body("issue[0].code", equalTo("conflict"))
                .extract().asString();
        assertFalse(answer.contains(id), "says nothing of the first referral: " + answer);
        assertEquals(List.of(id), referralsOf(nhsNumber));
    }

    @Test
    void concurrentRepeatsOfOneReferralCreateOne() throws Exception {
        String nhsNumber = TestNhsNumbers.next();
        String caseNumber = UUID.randomUUID().toString();
        String body = ReferralBuilder.gpReferral(nhsNumber).identifier(CASE_SYSTEM, caseNumber).json();
        List<Response> answers = allAtOnce(6, () -> given().auth().oauth2(TOKEN).contentType(FHIR_JSON).body(body)
                .post("/fhir/ServiceRequest").andReturn());

        assertEquals(List.of(200, 200, 200, 200, 200, 201), answers.stream().map(Response::statusCode).sorted().toList(),
                "one creates the referral, every repeat is answered with it");
        String id = answers.stream().filter(a -> a.statusCode() == 201).findFirst().orElseThrow().path("id");
        assertEquals(Collections.nCopies(6, id), answers.stream().map(a -> a.<String>path("id")).toList());
        assertEquals(List.of(id), referralsOf(nhsNumber), "the person has the one referral");
        assertEquals(List.of(EventTypes.REFERRAL_RECEIVED), eventsCarrying(caseNumber, nhsNumber),
                "one referral.received.v1");
    }

    @Test
    void aSecondReferralForAPersonWithAnOpenOneIsLinkedToIt() {
        String nhsNumber = TestNhsNumbers.next();
        String first = post(ReferralBuilder.gpReferral(nhsNumber)).statusCode(201).extract().path("id");
        String second = post(ReferralBuilder.gpReferral(nhsNumber).category("reablement")).statusCode(201)
                .body("supportingInfo[0].identifier.value", equalTo(first))
                .extract().path("id");
        assertNotEquals(first, second);
    }

    @Test
    void eachClusterReceivesItsPractices() {
        Map<String, String> practiceToCluster = Map.of("J82003", "central", "J82012", "east", "J82021", "north",
                "J82035", "west", "J82044", "south", "J82052", "itchen");
        practiceToCluster.forEach((practice, cluster) -> post(ReferralBuilder.gpReferral(TestNhsNumbers.next())
                .source("nhs111").requester("NHS111").registeredAt(practice)).statusCode(201)
                .body(CLUSTER, equalTo(cluster))
                .body("performer[0].identifier.system", equalTo(Cluster.IDENTIFIER_SYSTEM)));
    }

    @Test
    void anUnknownPracticeLeavesTheReferralUnroutedSayingWhy() {
        post(ReferralBuilder.gpReferral(TestNhsNumbers.next()).source("nhs111").requester("NHS111")
                .registeredAt("Y99999")).statusCode(201)
                .body("performer", nullValue())
                .body("extension.find { it.url == '" + ReferralFhir.UNROUTED + "' }.valueString",
                        containsString("Y99999"));
    }

    @Test
    void anUrgentCommunityResponseReferralStartsTheTwoHourClock() {
        post(ReferralBuilder.gpReferral(TestNhsNumbers.next()).category("urgent-community-response")).statusCode(201)
                .body("priority", equalTo("asap"))
                .body("extension.find { it.url == '" + ReferralFhir.UCR_CLOCK + "' }.extension[0].url",
                        equalTo("received"));
    }

    private ValidatableResponse post(ReferralBuilder referral) {
        return given().auth().oauth2(TOKEN).contentType(FHIR_JSON).body(referral.json()).post("/fhir/ServiceRequest")
                .then();
    }

    /** The ids of the referrals on one of the SPA's work queues. */
    static List<String> queue(String name) {
        String spa = DevKeys.forThisJvm().token("spa.coordinator", "R1C", Roles.SPA);
        return given().auth().oauth2(spa).get("/fhir/ServiceRequest?_count=500&_query=" + name).then()
                .statusCode(200).extract().jsonPath().getList("entry.resource.id", String.class);
    }

    /** The ids of the person's referrals, as the SPA finds them. */
    private static List<String> referralsOf(String nhsNumber) {
        return given().auth().oauth2(TOKEN).get("/fhir/ServiceRequest?patient.identifier=" + nhsNumber).then()
                .statusCode(200).extract().jsonPath().getList("entry.resource.id", String.class);
    }

    /** The types of the events whose referral carries this case number, every copy of each. */
    private List<String> eventsCarrying(String caseNumber, String nhsNumber) {
        return PublishedEvents.upToALaterReferralFor(bootstrapServers, nhsNumber).stream()
                .filter(r -> r.value().contains(caseNumber)).map(r -> TestEvents.header(r, CloudEventHeaders.TYPE))
                .toList();
    }

    /** The same call from this many clients at once, each on its own thread, started together. */
    private static List<Response> allAtOnce(int clients, Callable<Response> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                calls.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> answer : calls) {
                answers.add(answer.get(30, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
