package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The BaRS messages in src/test/resources/bars, written from the standard's message definitions,
 * sent as a 111 or 999 system sends them: what comes back (HTTP status, response code, BaRS
 * error code) and what the referral shows afterwards.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class BarsCorpusTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    /** NHS 111 Hampshire, ODS NNJ01: the sender the corpus's MessageHeader names. */
    static final String NHS111 = KEYS.token("nhs111.cas", "NNJ01", Roles.REFERRER);
    static final String AMBULANCE = KEYS.token("scas.cad", "RYE", Roles.REFERRER);
    static final String SPA = KEYS.token("spa.coordinator", "R1C", Roles.SPA);
    static final String ERROR_CODES = "https://fhir.nhs.uk/CodeSystem/http-error-codes";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** One message of the corpus, its placeholders filled in. */
    record Message(String json, String messageId) {
    }

    static Message corpus(String name, String nhs, String caseId, String referralId) {
        String messageId = UUID.randomUUID().toString();
        try (InputStream in = BarsCorpusTest.class.getResourceAsStream("/bars/" + name)) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{MESSAGE_ID}}", messageId).replace("{{NHS}}", nhs).replace("{{CASE_ID}}", caseId)
                    .replace("{{REFERRAL_ID}}", referralId == null ? UUID.randomUUID().toString() : referralId);
            return new Message(json, messageId);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ValidatableResponse send(String token, Message message) {
        return send(token, message, given());
    }

    static ValidatableResponse send(String token, Message message, RequestSpecification request) {
        return request.auth().oauth2(token).contentType("application/fhir+json").body(message.json())
                .post("/fhir/$process-message").then().log().ifValidationFails();
    }

    /** A referral 111 made: for whom, under its case number, and the id the SPA gave it. */
    record Referred(String nhs, String caseId, String id) {

        Message message(String name) {
            return corpus(name, nhs, caseId, id);
        }
    }

    static Referred referred() {
        String nhs = TestNhsNumbers.next();
        String caseId = "CASE-" + UUID.randomUUID();
        return new Referred(nhs, caseId, referred(nhs, caseId));
    }

    /** A new referral from 111; returns the id the SPA gave it. */
    static String referred(String nhs, String caseId) {
        return send(NHS111, corpus("new-referral-111.json", nhs, caseId, null)).statusCode(200)
                .extract().path("entry[1].resource.id");
    }

    static ValidatableResponse refusedWith(ValidatableResponse response, int status, String code, Message message) {
        return response.statusCode(status).body("resourceType", equalTo("Bundle")).body("type", equalTo("message"))
                .body("entry[0].resource.resourceType", equalTo("MessageHeader"))
                .body("entry[0].resource.response.identifier", equalTo(message.messageId()))
                .body("entry[0].resource.response.code", equalTo(status >= 500 ? "transient-error" : "fatal-error"))
                .body("entry[1].resource.resourceType", equalTo("OperationOutcome"))
                .body("entry[0].resource.response.details.reference", equalTo(
                        response.extract().<String>path("entry[1].fullUrl")))
                .body("entry[1].resource.issue[0].details.coding[0].system", equalTo(ERROR_CODES))
                .body("entry[1].resource.issue[0].details.coding[0].code", equalTo(code));
    }

    @Test
    void aNewReferralFrom111KeepsTheWholeBundleAndIsRoutedByTheRegisteredPractice() {
        String nhs = TestNhsNumbers.next();
        String requestId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        Message message = corpus("new-referral-111.json", nhs, "CASE-" + UUID.randomUUID(), null);
        ValidatableResponse response = send(NHS111, message, given().header("X-Request-ID", requestId)
                .header("X-Correlation-ID", correlationId))
                .statusCode(200)
                .header("X-Request-ID", requestId).header("X-Correlation-ID", correlationId)
                .body("entry[0].resource.response.identifier", equalTo(message.messageId()))
                .body("entry[0].resource.response.code", equalTo("ok"))
                .body("entry[0].resource.destination[0].endpoint", equalTo("https://fhir.nhs.uk/Id/dos-service-id|1000111111"));
        String id = response.extract().path("entry[1].resource.id");
        response.body("entry[0].resource.focus[0].reference", endsWith("/fhir/ServiceRequest/" + id));

        given().auth().oauth2(SPA).get("/fhir/ServiceRequest/" + id).then().statusCode(200)
                // The registered practice is an Organization entry: J82021 routes to the north cluster.
                .body("performer[0].identifier.value", equalTo("north"))
                .body("requester.identifier.value", equalTo("NNJ01"))
                .body("subject.identifier.value", equalTo(nhs))
                .body("subject.reference", equalTo("#patient-1"))
                .body("contained.resourceType", hasItems("Patient", "Encounter", "CarePlan", "QuestionnaireResponse",
                        "Flag", "Consent", "RelatedPerson", "Practitioner", "PractitionerRole", "Organization",
                        "Location"))
                .body("contained.find { it.resourceType == 'Patient' }.name[0].family", equalTo("Smith"))
                .body("contained.find { it.resourceType == 'Patient' }.telecom[0].value", equalTo("023 8000 0000"))
                .body("contained.find { it.resourceType == 'Patient' }.address[0].postalCode", equalTo("SO14 2DX"))
                .body("contained.find { it.resourceType == 'Patient' }.generalPractitioner[0].identifier.value",
                        equalTo("J82021"))
                .body("contained.find { it.resourceType == 'RelatedPerson' }.patient.reference", equalTo("#patient-1"))
                .body("contained.find { it.resourceType == 'Encounter' }.subject.reference", equalTo("#patient-1"))
                .body("basedOn[0].reference", equalTo("#careplan-1"))
                .body("supportingInfo.type", hasItems("Flag", "RelatedPerson", "Consent", "CarePlan"))
                .body("identifier.system", hasItem("https://111.example.nhs.uk/Id/case"));
    }

    @Test
    void anUpdateFromTheSameSenderIsOneNewVersionAndOneEventAndTheSameUpdateAgainChangesNothing() {
        Referred referral = referred();
        String nhs = referral.nhs();
        String id = referral.id();
        Message update = referral.message("update.json");

        send(NHS111, update).statusCode(200).body("entry[0].resource.response.code", equalTo("ok"))
                .body("entry[0].resource.response.identifier", equalTo(update.messageId()))
                .body("entry[1].resource.id", equalTo(id)).body("entry[1].resource.meta.versionId", equalTo("2"));
        send(NHS111, update).statusCode(200).body("entry[0].resource.response.code", equalTo("ok"))
                .body("entry[1].resource.meta.versionId", equalTo("2"));

        given().auth().oauth2(SPA).get("/fhir/ServiceRequest/" + id).then().statusCode(200)
                .body("meta.versionId", equalTo("2"))
                .body("note[0].text", containsString("sore hip"))
                .body("extension.find { it.url == '" + ReferralState.EXTENSION + "' }.valueCode", equalTo("received"))
                .body("performer[0].identifier.value", equalTo("north"))
                .body("contained.findAll { it.resourceType == 'RelatedPerson' }.size()", equalTo(2))
                .body("contained.findAll { it.resourceType == 'Flag' }.size()", equalTo(3));
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest?patient.identifier=" + nhs).then()
                .body("total", equalTo(1));
        assertEquals(List.of(EventTypes.REFERRAL_RECEIVED, EventTypes.REFERRAL_AMENDED),
                PublishedEvents.typesAbout(PublishedEvents.upToALaterReferralFor(bootstrapServers, nhs), id));
    }

    @Test
    void anUpdateNamingTheReferralOnlyByTheSendersIdentifierFindsIt() {
        Referred referral = referred();
        String nhs = referral.nhs();
        String caseId = referral.caseId();
        String id = referral.id();
        // Not the SPA's id: a sender that kept only its own case number.
        Message update = corpus("update.json", nhs, caseId, UUID.randomUUID().toString());
        send(NHS111, update).statusCode(200).body("entry[1].resource.id", equalTo(id))
                .body("entry[1].resource.meta.versionId", equalTo("2"));
    }

    @Test
    void aCancellationCancelsTheReferralOnceWithTheReferrersReason() {
        Referred referral = referred();
        String nhs = referral.nhs();
        String id = referral.id();
        Message cancel = referral.message("cancel.json");

        send(NHS111, cancel).statusCode(200).body("entry[0].resource.response.code", equalTo("ok"))
                .body("entry[1].resource.status", equalTo("revoked"));
        // The same message again: the same answer, nothing changed (not a 409 for a closed referral).
        send(NHS111, cancel).statusCode(200).body("entry[0].resource.response.code", equalTo("ok"))
                .body("entry[1].resource.meta.versionId", equalTo("2"));

        given().auth().oauth2(SPA).get("/fhir/ServiceRequest/" + id).then().statusCode(200)
                .body("status", equalTo("revoked")).body("meta.versionId", equalTo("2"))
                .body("extension.find { it.url == '" + ReferralState.EXTENSION + "' }.valueCode", equalTo("cancelled"))
                .body("note[-1].text", containsString("Withdrawn by the referrer NNJ01"))
                .body("note[-1].text", containsString("gone to the emergency department"));
        assertEquals(List.of(EventTypes.REFERRAL_RECEIVED, EventTypes.REFERRAL_CANCELLED),
                PublishedEvents.typesAbout(PublishedEvents.upToALaterReferralFor(bootstrapServers, nhs), id));
    }

    @Test
    void aCancellationMarkedEnteredInErrorIsEnteredInError() {
        Referred referral = referred();
        Message cancel = referral.message("cancel.json");
        send(NHS111, new Message(cancel.json().replace("\"revoked\"", "\"entered-in-error\""), cancel.messageId()))
                .statusCode(200).body("entry[1].resource.status", equalTo("entered-in-error"));
    }

    @Test
    void cancellingAReferralThisServiceDoesNotKnowIsRecNotFound() {
        String nhs = TestNhsNumbers.next();
        Message cancel = corpus("cancel.json", nhs, "CASE-" + UUID.randomUUID(), UUID.randomUUID().toString());
        refusedWith(send(NHS111, cancel), 404, "REC_NOT_FOUND", cancel)
                .body("entry[1].resource.issue[0].code", equalTo("not-found"));
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest?patient.identifier=" + nhs).then()
                .body("total", equalTo(0));
    }

    @Test
    void anotherSendersReferralCannotBeCancelledOrUpdatedAndIsAnsweredAsUnknown() {
        Referred referral = referred();
        String id = referral.id();
        Message cancel = referral.message("cancel.json");
        refusedWith(send(AMBULANCE, cancel), 404, "REC_NOT_FOUND", cancel);
        Message update = referral.message("update.json");
        refusedWith(send(AMBULANCE, update), 404, "REC_NOT_FOUND", update);
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest/" + id).then().body("meta.versionId", equalTo("1"))
                .body("status", equalTo("active"));
    }

    @Test
    void aClosedReferralIsNotUpdatedOrCancelledAgain() {
        Referred referral = referred();
        String id = referral.id();
        send(NHS111, referral.message("cancel.json")).statusCode(200);

        Message update = referral.message("update.json");
        refusedWith(send(NHS111, update), 409, "REC_CONFLICT", update)
                .body("entry[1].resource.issue[0].diagnostics", containsString("cancelled"));
        Message again = referral.message("cancel.json");
        refusedWith(send(NHS111, again), 409, "REC_CONFLICT", again);
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest/" + id).then().body("meta.versionId", equalTo("2"));
    }

    @Test
    void anUpdateForAnotherPersonIsRefused() {
        String caseId = "CASE-" + UUID.randomUUID();
        String id = referred(TestNhsNumbers.next(), caseId);
        Message update = corpus("update.json", TestNhsNumbers.next(), caseId, id);
        refusedWith(send(NHS111, update), 422, "REC_UNPROCESSABLE_ENTITY", update);
    }

    @Test
    void aValidationRequestIsReceivedFlaggedQueuedAndCountedApart() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Map<String, Integer> before = given().auth().oauth2(SPA)
                .get("/spa/measures/referrals?from=" + today + "&to=" + today).then().statusCode(200)
                .extract().path("byRequestType");
        String nhs = TestNhsNumbers.next();
        Message message = corpus("validation-request.json", nhs, "INC-" + UUID.randomUUID(), null);
        String id = send(AMBULANCE, message).statusCode(200).body("entry[0].resource.response.code", equalTo("ok"))
                .extract().path("entry[1].resource.id");
        String referral = referred(TestNhsNumbers.next(), "CASE-" + UUID.randomUUID());

        given().auth().oauth2(SPA).get("/fhir/ServiceRequest?_query=validation&_count=500").then().statusCode(200)
                .body("entry.resource.id", hasItem(id)).body("entry.resource.id", not(hasItem(referral)));
        given().auth().oauth2(SPA).get("/spa/measures/referrals?from=" + today + "&to=" + today).then()
                .body("byRequestType.validation", equalTo(before.get("validation") + 1))
                .body("byRequestType.referral", equalTo(before.get("referral") + 1));
    }

    @Test
    void aBookingRequestIsNotTakenHere() {
        Message message = corpus("booking-request.json", TestNhsNumbers.next(), "CASE-" + UUID.randomUUID(), null);
        refusedWith(send(NHS111, message), 422, "REC_UNPROCESSABLE_ENTITY", message)
                .body("entry[1].resource.issue[0].code", equalTo("not-supported"))
                .body("entry[1].resource.issue[0].diagnostics", containsString("servicerequest-request"));
    }

    @Test
    void aBadNhsNumberIsRecBadRequest() {
        Message message = corpus("new-referral-111.json", "9434765918", "CASE-" + UUID.randomUUID(), null);
        refusedWith(send(NHS111, message), 400, "REC_BAD_REQUEST", message)
                .body("entry[1].resource.issue[0].diagnostics", containsString("modulus 11"))
                .body("entry[0].resource.focus", nullValue());
    }

    @Test
    void aMessageWithoutItsPatientIsRecBadRequest() {
        Message message = corpus("new-referral-111.json", TestNhsNumbers.next(), "CASE-" + UUID.randomUUID(), null);
        Message broken = new Message(message.json().replace("\"subject\": {\"reference\": \"urn:uuid:5a3e0f1c-0000-4000-8000-0000000000a1\"},\n        \"encounter\"",
                "\"subject\": {\"reference\": \"urn:uuid:missing\"},\n        \"encounter\""), message.messageId());
        assertTrue(broken.json().contains("urn:uuid:missing"));
        refusedWith(send(NHS111, broken), 400, "REC_BAD_REQUEST", broken)
                .body("entry[1].resource.issue[0].expression[0]", equalTo("ServiceRequest.subject"));
    }

    @Test
    void aReasonBaRSDoesNotHaveIsRecBadRequest() {
        Message message = corpus("new-referral-111.json", TestNhsNumbers.next(), "CASE-" + UUID.randomUUID(), null);
        Message odd = new Message(message.json().replace("\"code\": \"new\"", "\"code\": \"resend\""),
                message.messageId());
        refusedWith(send(NHS111, odd), 400, "REC_BAD_REQUEST", odd)
                .body("entry[1].resource.issue[0].expression[0]", equalTo("MessageHeader.reason"));
    }

    @Test
    void aMalformedBundleIsRecBadRequestAnsweringTheRequestId() {
        String requestId = UUID.randomUUID().toString();
        given().auth().oauth2(NHS111).contentType("application/fhir+json").header("X-Request-ID", requestId)
                .body("{\"resourceType\":\"Bundle\",\"type\":\"message\",\"entry\":[").post("/fhir/$process-message")
                .then().statusCode(400).header("X-Request-ID", requestId)
                .body("entry[0].resource.response.identifier", equalTo(requestId))
                .body("entry[0].resource.response.code", equalTo("fatal-error"))
                .body("entry[1].resource.issue[0].code", equalTo("structure"))
                .body("entry[1].resource.issue[0].details.coding[0].code", equalTo("REC_BAD_REQUEST"));
    }

    @Test
    void aRetryUnderTheSameRequestIdIsADuplicateNamingTheReferral() {
        String nhs = TestNhsNumbers.next();
        String requestId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        Message message = corpus("new-referral-111.json", nhs, "CASE-" + UUID.randomUUID(), null);
        String id = send(NHS111, message, given().header("X-Request-ID", requestId)
                .header("X-Correlation-ID", correlationId)).statusCode(200).extract().path("entry[1].resource.id");

        refusedWith(send(NHS111, message, given().header("X-Request-ID", requestId)
                .header("X-Correlation-ID", correlationId)), 409, "REC_CONFLICT", message)
                .header("X-Request-ID", requestId).header("X-Correlation-ID", correlationId)
                .body("entry[1].resource.issue[0].code", equalTo("duplicate"))
                .body("entry[0].resource.focus[0].reference", endsWith("/fhir/ServiceRequest/" + id));
        // Sent again as a new request (a new X-Request-ID): the same answer as the first time.
        send(NHS111, message, given().header("X-Request-ID", UUID.randomUUID().toString())).statusCode(200)
                .body("entry[1].resource.id", equalTo(id));
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest?patient.identifier=" + nhs).then()
                .body("total", equalTo(1));
    }

    @Test
    void aRequestIdThatIsNotAGuidIsRecBadRequest() {
        Message message = corpus("new-referral-111.json", TestNhsNumbers.next(), "CASE-" + UUID.randomUUID(), null);
        refusedWith(send(NHS111, message, given().header("X-Request-ID", "retry-1")), 400, "REC_BAD_REQUEST", message)
                .header("X-Request-ID", "retry-1")
                .body("entry[1].resource.issue[0].code", equalTo("value"));
    }

    @Test
    void thePlainFhirApiKeepsItsPlainOperationOutcome() {
        given().auth().oauth2(NHS111).contentType("application/fhir+json")
                .body(ReferralBuilder.gpReferral("9434765918").json()).post("/fhir/ServiceRequest").then()
                .statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].details", nullValue());
    }
}
