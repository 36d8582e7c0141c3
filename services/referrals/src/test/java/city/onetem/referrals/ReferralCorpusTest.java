package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The referral corpus (src/test/resources/corpus): referrals written from the specifications as a
 * GP system, a hospital, NHS 111, a self-referral form and a carer send them, each received or
 * refused, and what the SPA shows afterwards.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class ReferralCorpusTest {

    static final String REFERRER = DevKeys.forThisJvm().token("gp.system", "J82012", Roles.REFERRER);
    static final String SOURCE = ReferralIntakeTest.SOURCE;
    static final String SERVICE = ReferralVocabularyTest.SERVICE;
    static final String CLUSTER = ReferralIntakeTest.CLUSTER;
    static final String STATE = ReferralIntakeTest.STATE;

    @Test
    void aGpsUkCoreReferralForDistrictNursing() {
        post("gp-ukcore-district-nursing.json").statusCode(201).body(STATE, equalTo("received"))
                .body(SOURCE, equalTo("gp")).body(SERVICE, equalTo("community-nursing"))
                .body(CLUSTER, equalTo("east")).body("priority", equalTo("routine"))
                .body("code.coding[0].code", equalTo("308436005"))
                .body("reasonCode[0].coding[0].code", equalTo("402863007"));
    }

    @Test
    void aHospitalsUkCoreReferralToSocialServices() {
        post("hospital-ukcore-social-care.json").statusCode(201).body(SOURCE, equalTo("hospital"))
                .body(SERVICE, equalTo("social-care-assessment")).body(CLUSTER, equalTo("south"))
                .body("priority", equalTo("urgent"))
                .body("contained[0].name[0].family", equalTo("Okafor"));
    }

    @Test
    void anNhs111ReferralWithATwoHourDispositionStartsTheClockBeforeAnyoneCategorisesIt() {
        String id = post("nhs111-pathways-dx05.json").statusCode(201).body(SOURCE, equalTo("nhs111"))
                .body("priority", equalTo("asap"))
                .body(ReferralVocabularyTest.CLOCK, equalTo("received"))
                .body("extension.find { it.url == '" + ReferralFhir.TO_CATEGORISE + "' }.valueString", notNullValue())
                .body("extension.find { it.url == '" + ReferralFhir.UNROUTED + "' }.valueString", notNullValue())
                .body("category.coding.flatten().find { it.system == '"
                        + "https://fhir.nhs.uk/CodeSystem/message-category-servicerequest' }.code", equalTo("referral"))
                .extract().path("id");
        assertTrue(ReferralIntakeTest.queue("to-categorise").contains(id));
        assertTrue(ReferralIntakeTest.queue("unrouted").contains(id));
    }

    @Test
    void aSelfReferralToMentalHealth() {
        post("self-referral.json").statusCode(201).body(SOURCE, equalTo("self"))
                .body(SERVICE, equalTo("mental-health")).body(CLUSTER, equalTo("west"));
    }

    @Test
    void aCarerAskingInTheirOwnWordsIsReceivedForTheSpaToCategorise() {
        String id = post("carer-referral.json").statusCode(201).body(SOURCE, equalTo("carer"))
                .body(CLUSTER, equalTo("itchen"))
                .body("extension.find { it.url == '" + ReferralFhir.TO_CATEGORISE + "' }.valueString",
                        containsString("not coping at home"))
                .extract().path("id");
        assertTrue(ReferralIntakeTest.queue("to-categorise").contains(id));
    }

    @Test
    void someoneWithNoNhsNumberIsReceivedForTheSpaToTrace() {
        String id = post("base-r4-no-nhs-number.json").statusCode(201).body(SERVICE, equalTo("community-nursing"))
                .body("subject.identifier", nullValue())
                .body("extension.find { it.url == '" + ReferralFhir.TO_TRACE + "' }.valueString", notNullValue())
                .extract().path("id");
        assertTrue(ReferralIntakeTest.queue("trace").contains(id));
    }

    @Test
    void aMistypedNhsNumberIsRefusedSayingSo() {
        post("mistyped-nhs-number.json").statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("modulus 11"))
                .body("issue[0].expression[0]", equalTo("ServiceRequest.subject.identifier.value"));
    }

    /** Posts a corpus file with a fresh NHS number and identifier. */
    private static ValidatableResponse post(String file) {
        return given().auth().oauth2(REFERRER).contentType("application/fhir+json").body(corpus(file))
                .post("/fhir/ServiceRequest").then();
    }

    static String corpus(String file) {
        try (InputStream in = ReferralCorpusTest.class.getResourceAsStream("/corpus/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{NHS_NUMBER}}", TestNhsNumbers.next()).replace("{{ID}}", UUID.randomUUID().toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
