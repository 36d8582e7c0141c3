package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Referrals as NHS systems code them: every row of the vocabulary tables read through the element a
 * referrer puts it in, nothing refused for its vocabulary, and the SPA's "to-categorise" and "trace"
 * queues worked through to a referral that flows on like any other.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class ReferralVocabularyTest {

    static final String FHIR_JSON = "application/fhir+json";
    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String GP = KEYS.token("dr.patel", "J82001", Roles.REFERRER);
    static final String SPA = KEYS.token("spa.coordinator", "R1C", Roles.SPA);
    static final String SNOMED = "http://snomed.info/sct";
    static final String DX = "https://fhir.nhs.uk/Id/pathways-dx-code";
    static final String STATE = ReferralIntakeTest.STATE;
    static final String SOURCE = ReferralIntakeTest.SOURCE;
    static final String SERVICE = "category[0].coding.find { it.system == '" + ServiceCategory.SYSTEM + "' }.code";
    static final String CLOCK = "extension.find { it.url == '" + ReferralFhir.UCR_CLOCK + "' }.extension[0].url";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aUkCoreReferralFromAGpPracticeInSnomedCtIsReceivedAndRouted() {
        // It was refused: 400 "Say who is referring ... from https://onetem.city/fhir/CodeSystem/referral-source".
        post(ReferralBuilder.gpReferral(TestNhsNumbers.next()).snomedSource("108161000000109").noCategory()
                .code(SNOMED, "308436005"), GP).statusCode(201)
                .body(SOURCE, equalTo("gp")).body(SERVICE, equalTo("community-nursing"))
                .body("code.coding[0].code", equalTo("308436005"))
                .body(ReferralIntakeTest.CLUSTER, equalTo("central"));
    }

    /** The rows of a shipped table, each as the test's arguments: system, code, what it maps to, display. */
    static Stream<Arguments> rows(String file) {
        try (InputStream in = Vocabulary.class.getResourceAsStream("/vocabulary/" + file)) {
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> Arguments.of((Object[]) line.split("\t"))).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> serviceRows() {
        return rows(Vocabulary.CATEGORIES);
    }

    static Stream<Arguments> sourceRows() {
        return rows(Vocabulary.SOURCES);
    }

    static Stream<Arguments> urgencyRows() {
        return rows(Vocabulary.URGENCY);
    }

    /** Each row of service-categories.tsv, in the element a referrer codes it in. */
    @ParameterizedTest
    @MethodSource("serviceRows")
    void everyServiceRowMaps(String system, String code, String category, String display) {
        ReferralBuilder referral = ReferralBuilder.gpReferral(TestNhsNumbers.next()).noCategory();
        switch (system) {
            case ServiceCategory.SYSTEM -> referral.category(code);
            case "https://fhir.nhs.uk/Id/dos-service-id" -> referral.resource().addPerformer(new Reference()
                    .setIdentifier(new Identifier().setSystem(system).setValue(code)));
            default -> referral.code(system, code);
        }
        post(referral, GP).statusCode(201).body(SERVICE, equalTo(category))
                .body("extension.find { it.url == '" + ReferralFhir.TO_CATEGORISE + "' }", nullValue());
    }

    /** Each row of referral-sources.tsv, in UK Core's SourceOfServiceRequest extension. */
    @ParameterizedTest
    @MethodSource("sourceRows")
    void everySourceRowMaps(String system, String code, String source, String display) {
        ReferralBuilder referral = ReferralBuilder.gpReferral(TestNhsNumbers.next()).requester("RHM01");
        ReferralFhir.removeExtension(referral.resource(), ReferralSource.EXTENSION);
        referral.resource().addExtension(ReferralSource.EXTENSION, new CodeableConcept(new Coding(system, code, null)));
        post(referral, GP).statusCode(201).body(SOURCE, equalTo(source));
    }

    /** Each rule of referrer-organisations.tsv, by an organisation it matches, named as the requester. */
    @ParameterizedTest
    @CsvSource({"RYE, ambulance", "RRU, ambulance", "NHS111, nhs111", "A81001, gp", "J82001, gp", "RHM, hospital",
            "RHM01, hospital"})
    void theRequestersOrganisationSaysWhoRefers(String odsCode, String source) {
        post(ReferralBuilder.gpReferral(TestNhsNumbers.next()).noSource().requester(odsCode), GP).statusCode(201)
                .body(SOURCE, equalTo(source));
    }

    /** Each row of urgency.tsv as a disposition in reasonCode: two hours or less starts the clock, categorised or not. */
    @ParameterizedTest
    @MethodSource("urgencyRows")
    void everyUrgencyRowSetsThePriority(String system, String code, String minutesWithin, String display) {
        int minutes = Integer.parseInt(minutesWithin);
        ValidatableResponse answer = post(ReferralBuilder.gpReferral(TestNhsNumbers.next()).noCategory()
                .reason(system, code), GP).statusCode(201);
        if (minutes <= 120) {
            answer.body("priority", equalTo("asap")).body(CLOCK, equalTo("received"));
        } else {
            answer.body("priority", equalTo("urgent")).body(CLOCK, nullValue());
        }
    }

    @Test
    void aDispositionInTheSendersTriageOrItsTimeframeStartsTheClock() {
        ReferralBuilder inTriage = ReferralBuilder.gpReferral(TestNhsNumbers.next()).noCategory();
        CarePlan triage = new CarePlan();
        triage.setId("triage");
        triage.addActivity().setOutcomeCodeableConcept(List.of(new CodeableConcept(new Coding(DX, "Dx05", null))));
        inTriage.resource().addContained(triage);
        inTriage.resource().addSupportingInfo(new Reference("#triage"));
        post(inTriage, GP).statusCode(201).body("priority", equalTo("asap")).body(CLOCK, equalTo("received"));

        ReferralBuilder withTimeframe = ReferralBuilder.gpReferral(TestNhsNumbers.next()).category("community-nursing");
        ZonedDateTime disposition = ZonedDateTime.now().minusMinutes(10);
        withTimeframe.resource().setOccurrence(new Period().setStart(Date.from(disposition.toInstant()))
                .setEnd(Date.from(disposition.plusHours(2).toInstant())));
        post(withTimeframe, GP).statusCode(201).body("priority", equalTo("asap")).body(CLOCK, equalTo("received"));
    }

    @Test
    void aReferralToCategoriseIsChosenBySpaThenFlowsOn() {
        String nhsNumber = TestNhsNumbers.next();
        String id = post(ReferralBuilder.gpReferral(nhsNumber).noCategory().code(SNOMED, "73761001"), GP)
                .statusCode(201)
                .body("extension.find { it.url == '" + ReferralFhir.TO_CATEGORISE + "' }.valueString",
                        containsString("http://snomed.info/sct|73761001"))
                .extract().path("id");
        assertTrue(ReferralIntakeTest.queue("to-categorise").contains(id));
        operate(id, "$triage", ReferralWorkflowTest.params("priority", "valueCode", "routine")).statusCode(200);
        operate(id, "$accept", "{\"resourceType\":\"Parameters\"}").statusCode(422)
                .body("issue[0].diagnostics", containsString("choose its service first"));
        operate(id, "$triage", ReferralWorkflowTest.params("priority", "valueCode", "routine", "category", "valueCode", "reablement"))
                .statusCode(200).body(SERVICE, equalTo("reablement"))
                .body("extension.find { it.url == '" + ReferralFhir.TO_CATEGORISE + "' }", nullValue());
        assertFalse(ReferralIntakeTest.queue("to-categorise").contains(id), "off the queue once categorised");
        operate(id, "$accept", "{\"resourceType\":\"Parameters\"}").statusCode(200).body(STATE, equalTo("accepted"));
    }

    @Test
    void aReferralWithoutAnNhsNumberIsTracedThenReachesThePlan() {
        String postcode = "SO14 " + (System.nanoTime() % 9) + "AB";
        String id = post(ReferralBuilder.untraced("Nomad", LocalDate.of(1950, 3, 4), postcode), GP).statusCode(201)
                .body(STATE, equalTo("received"))
                .body("extension.find { it.url == '" + ReferralFhir.TO_TRACE + "' }.valueString",
                        containsString("without an NHS number"))
                .extract().path("id");
        assertTrue(ReferralIntakeTest.queue("trace").contains(id), "on the SPA's trace queue");
        operate(id, "$triage", ReferralWorkflowTest.params("priority", "valueCode", "routine")).statusCode(422)
                .body("issue[0].diagnostics", containsString("trace it first"));
        operate(id, "$trace", ReferralWorkflowTest.params("nhs-number", "valueString", "1234567890")).statusCode(400)
                .body("issue[0].expression[0]", equalTo("Parameters.parameter('nhs-number')"));

        String nhsNumber = TestNhsNumbers.next();
        operate(id, "$trace", ReferralWorkflowTest.params("nhs-number", "valueString", nhsNumber, "practice", "valueString", "J82021"))
                .statusCode(200)
                .body("subject.identifier.value", equalTo(nhsNumber))
                .body(ReferralIntakeTest.CLUSTER, equalTo("north"))
                .body("extension.find { it.url == '" + ReferralFhir.TO_TRACE + "' }", nullValue());
        assertFalse(ReferralIntakeTest.queue("trace").contains(id), "off the queue once traced");
        operate(id, "$trace", ReferralWorkflowTest.params("nhs-number", "valueString", nhsNumber)).statusCode(409);
        // Nothing was published until the trace; then the referral is received like any other.
        assertEquals(List.of(EventTypes.REFERRAL_RECEIVED), PublishedEvents.typesAbout(
                PublishedEvents.upToALaterReferralFor(bootstrapServers, nhsNumber), id));
    }

    @Test
    void onlyAnIdentifiablePersonIsReceived() {
        post(ReferralBuilder.untraced("Nomad", LocalDate.of(1950, 3, 4), null), GP).statusCode(400)
                .body("issue[0].diagnostics", containsString("postcode or address"));
        // An NHS number that fails its check is most likely mistyped: refused, not traced.
        post(ReferralBuilder.gpReferral("1234567890"), GP).statusCode(400).body("issue[0].expression[0]",
                equalTo("ServiceRequest.subject.identifier.value"));
    }

    private ValidatableResponse post(ReferralBuilder referral, String token) {
        return given().auth().oauth2(token).contentType(FHIR_JSON).body(referral.json()).post("/fhir/ServiceRequest")
                .then();
    }

    private ValidatableResponse operate(String id, String operation, String body) {
        return given().auth().oauth2(SPA).contentType(FHIR_JSON).body(body)
                .post("/fhir/ServiceRequest/" + id + "/" + operation).then();
    }
}
