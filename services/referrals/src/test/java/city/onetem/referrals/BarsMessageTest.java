package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.Identifiers;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** NHS 111 referrals as BaRS messages to $process-message. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class BarsMessageTest {

    static final String NHS111 = DevKeys.forThisJvm().token("nhs111.cas", "NHS111", Roles.REFERRER);

    /** A 111 clinical assessment service refers a person registered at J82021 (north cluster). */
    static Bundle message(String messageId, String nhsNumber) {
        Patient patient = new Patient();
        patient.setId(UUID.randomUUID().toString());
        patient.addIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(nhsNumber));
        patient.addGeneralPractitioner(new Reference().setIdentifier(
                new Identifier().setSystem(Identifiers.ODS_ORGANIZATION).setValue("J82021")));
        Encounter encounter = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "VR", "virtual"));
        encounter.setId(UUID.randomUUID().toString());
        Flag flag = new Flag().setStatus(Flag.FlagStatus.ACTIVE);
        flag.getCode().setText("Lives alone, key safe");
        flag.setId(UUID.randomUUID().toString());
        ServiceRequest request = new ServiceRequest().setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setSubject(new Reference("urn:uuid:" + patient.getIdElement().getIdPart()));
        request.addCategory().addCoding(new Coding(ServiceCategory.SYSTEM, "urgent-community-response", null));
        request.setId(UUID.randomUUID().toString());
        MessageHeader header = new MessageHeader()
                .setEvent(new Coding(BarsMessage.EVENT_SYSTEM, BarsMessage.REFERRAL_EVENT, "Referral request"));
        header.setId(messageId);
        header.getSender().setIdentifier(new Identifier().setSystem(Identifiers.ODS_ORGANIZATION).setValue("NHS111"));
        header.getSource().setEndpoint("https://111.example.nhs.uk/fhir");
        header.addFocus(new Reference("urn:uuid:" + request.getIdElement().getIdPart()));

        Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);
        for (var resource : new org.hl7.fhir.r4.model.Resource[] {header, request, patient, encounter, flag}) {
            bundle.addEntry().setFullUrl("urn:uuid:" + resource.getIdElement().getIdPart()).setResource(resource);
        }
        return bundle;
    }

    @Test
    void aBarsReferralIsAcknowledgedStoredAndRouted() {
        String messageId = UUID.randomUUID().toString();
        ValidatableResponse response = send(message(messageId, TestNhsNumbers.next())).statusCode(200)
                .body("resourceType", equalTo("Bundle")).body("type", equalTo("message"))
                .body("entry[0].resource.resourceType", equalTo("MessageHeader"))
                .body("entry[0].resource.response.identifier", equalTo(messageId))
                .body("entry[0].resource.response.code", equalTo("ok"))
                .body("entry[1].resource.resourceType", equalTo("ServiceRequest"))
                .body("entry[1].resource.performer[0].identifier.value", equalTo("north"))
                .body("entry[1].resource.priority", equalTo("asap"))
                .body("entry[1].resource.requester.identifier.value", equalTo("NHS111"))
                .body("entry[1].resource.supportingInfo.type", hasItem("Encounter"))
                .body("entry[1].resource.supportingInfo.type", hasItem("Flag"));
        String id = response.extract().path("entry[1].resource.id");
        response.body("entry[0].resource.focus[0].reference", endsWith("/fhir/ServiceRequest/" + id));
        given().auth().oauth2(NHS111).get("/fhir/ServiceRequest/" + id).then().statusCode(200)
                .body("contained.resourceType", hasItem("Encounter"));
    }

    @Test
    void theSameMessageTwiceIsOneReferral() {
        String nhsNumber = TestNhsNumbers.next();
        Bundle message = message(UUID.randomUUID().toString(), nhsNumber);
        String first = send(message).statusCode(200).body("entry[0].resource.response.code", equalTo("ok"))
                .body("entry[1].resource.resourceType", equalTo("ServiceRequest")).extract().path("entry[1].resource.id");
        send(message).statusCode(200).body("entry[0].resource.response.code", equalTo("ok"))
                .body("entry[1].resource.id", equalTo(first));
        given().auth().oauth2(NHS111).get("/fhir/ServiceRequest?patient.identifier=" + nhsNumber).then().statusCode(200)
                .body("total", equalTo(1)).body("entry[0].resource.id", equalTo(first));
    }

    @Test
    void aBundleThatIsNotAMessageIsRefused() {
        Bundle bundle = message(UUID.randomUUID().toString(), TestNhsNumbers.next()).setType(Bundle.BundleType.COLLECTION);
        send(bundle).statusCode(400).body("resourceType", equalTo("Bundle"))
                .body("entry[0].resource.response.code", equalTo("fatal-error"))
                .body("entry[1].resource.issue[0].details.coding[0].code", equalTo("REC_BAD_REQUEST"))
                .body("entry[1].resource.issue[0].expression[0]", equalTo("Bundle.type"));
    }

    @Test
    void anotherBarsEventIsABusinessRuleFailure() {
        Bundle bundle = message(UUID.randomUUID().toString(), TestNhsNumbers.next());
        ((MessageHeader) bundle.getEntryFirstRep().getResource()).getEventCoding().setCode("booking-request");
        send(bundle).statusCode(422)
                .body("entry[1].resource.issue[0].details.coding[0].code", equalTo("REC_UNPROCESSABLE_ENTITY"))
                .body("entry[1].resource.issue[0].diagnostics", containsString(BarsMessage.REFERRAL_EVENT));
    }

    @Test
    void aFocusThatIsNotInTheMessageIsRefused() {
        Bundle bundle = message(UUID.randomUUID().toString(), TestNhsNumbers.next());
        ((MessageHeader) bundle.getEntryFirstRep().getResource()).getFocusFirstRep().setReference("urn:uuid:missing");
        send(bundle).statusCode(400).body("entry[1].resource.issue[0].expression[0]", equalTo("MessageHeader.focus"));
    }

    @Test
    void aBadNhsNumberOnThePatientIsRefused() {
        send(message(UUID.randomUUID().toString(), "9434765918")).statusCode(400)
                .body("entry[1].resource.issue[0].diagnostics", containsString("modulus 11"));
    }

    private ValidatableResponse send(Bundle message) {
        return given().auth().oauth2(NHS111).contentType("application/fhir+json").body(Fhir.toJson(message))
                .post("/fhir/$process-message").then();
    }
}
