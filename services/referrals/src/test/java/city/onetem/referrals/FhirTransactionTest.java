package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** POST /fhir with a transaction or batch Bundle: referrals with the Patient they are about. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class FhirTransactionTest {

    static final String FHIR_JSON = "application/fhir+json";
    static final String GP = DevKeys.forThisJvm().token("dr.patel", "J82001", Roles.REFERRER);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    PersonKeys personKeys;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aTransactionKeepsThePatientWithTheReferralAndAnswersEveryEntry() {
        String nhsNumber = TestNhsNumbers.next();
        ValidatableResponse answer = post(ReferralBundles.patientAndReferral(BundleType.TRANSACTION, nhsNumber))
                .statusCode(200)
                .body("resourceType", equalTo("Bundle")).body("type", equalTo("transaction-response"))
                .body("entry[0].response.status", equalTo("200 OK"))
                .body("entry[0].response.location", nullValue())
                .body("entry[0].response.outcome.issue[0].severity", equalTo("information"))
                .body("entry[0].response.outcome.issue[0].diagnostics", containsString("contained Patient"))
                .body("entry[1].response.status", equalTo("201 Created"))
                .body("entry[1].response.location", matchesPattern("ServiceRequest/[^/]+/_history/1"))
                .body("entry[1].response.etag", equalTo("W/\"1\""))
                .body("entry[1].response.lastModified", notNullValue())
                .body("entry[1].resource", nullValue());
        String location = answer.extract().path("entry[1].response.location");
        answer.body("entry[0].response.outcome.issue[0].diagnostics",
                containsString(location.replaceFirst("/_history/1$", "")));

        // The Patient's details are on the referral, and its registered practice routed it.
        given().auth().oauth2(GP).get("/fhir/" + location.replaceFirst("/_history/1$", "")).then().statusCode(200)
                .body("subject.reference", equalTo("#patient"))
                .body("contained[0].resourceType", equalTo("Patient"))
                .body("contained[0].name[0].family", equalTo("Smith"))
                .body("contained[0].identifier[0].value", equalTo(nhsNumber))
                .body("performer[0].identifier.value", equalTo("east"));
    }

    @Test
    void preferReturnRepresentationPutsTheStoredReferralInItsEntry() {
        given().auth().oauth2(GP).contentType(FHIR_JSON).header("Prefer", "return=representation")
                .body(Fhir.toJson(ReferralBundles.patientAndReferral(BundleType.TRANSACTION, TestNhsNumbers.next())))
                .post("/fhir").then().statusCode(200)
                .body("entry[1].resource.resourceType", equalTo("ServiceRequest"))
                .body("entry[1].resource.meta.versionId", equalTo("1"))
                .body("entry[0].resource", nullValue());
    }

    @Test
    void anEntryRefusedAtCheckingRefusesTheWholeTransactionNamingIt() throws Exception {
        String first = TestNhsNumbers.next();
        Bundle bundle = ReferralBundles.patientAndReferral(BundleType.TRANSACTION, first);
        ReferralBundles.addPatientAndReferral(bundle, "9434765918", ReferralBuilder.gpReferral("9434765918").resource());
        post(bundle).statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("Bundle.entry[3]"))
                .body("issue[0].diagnostics", containsString("modulus 11"))
                .body("issue[0].expression[0]", equalTo("Bundle.entry[2].resource.identifier.value"));
        assertEquals(0, referralsOf(first), "nothing stored for the valid entry either");
    }

    @Test
    void anEntryRefusedWhileStoringRollsBackTheOthersAndPublishesNothing() throws Exception {
        // Another person's referral already carries this identifier: the second referral is a 409,
        // found only once the first has been written in the same transaction (lower NHS number first).
        String identifier = UUID.randomUUID().toString();
        given().auth().oauth2(GP).contentType(FHIR_JSON).body(ReferralBuilder.gpReferral(TestNhsNumbers.next())
                .identifier("https://gp.example/ref", identifier).json()).post("/fhir/ServiceRequest")
                .then().statusCode(201);
        String first = TestNhsNumbers.next();
        String second = TestNhsNumbers.next();
        Bundle bundle = ReferralBundles.patientAndReferral(BundleType.TRANSACTION, first);
        ReferralBundles.addPatientAndReferral(bundle, second, ReferralBuilder.gpReferral(second)
                .identifier("https://gp.example/ref", identifier).resource());
        post(bundle).statusCode(409)
                .body("issue[0].code", equalTo("conflict"))
                .body("issue[0].diagnostics", containsString("Bundle.entry[3]"));
        assertEquals(0, referralsOf(first), "the referral written first was rolled back");
        assertEquals(0, referralsOf(second));
        List<ConsumerRecord<String, String>> events = PublishedEvents.upToALaterReferralFor(bootstrapServers, first);
        // By the person's key: the last record read may be another test's (a clock's event, published later).
        String key = personKeys.keyFor(new NhsNumber(first));
        assertEquals(1, events.stream().filter(e -> key.equals(e.key())).count(),
                "no event about the person but the later referral's");
    }

    @Test
    void aBatchAnswersEachEntryOnItsOwn() throws Exception {
        String received = TestNhsNumbers.next();
        Bundle bundle = ReferralBundles.patientAndReferral(BundleType.BATCH, received);
        // A mistyped NHS number: refused, as it would be on its own.
        ReferralBundles.addPatientAndReferral(bundle, "9434765918", ReferralBuilder.gpReferral("9434765918")
                .resource());
        bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("ServiceRequest?status=active");
        Patient alone = new Patient();
        alone.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(received);
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(alone).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        post(bundle).statusCode(200).body("type", equalTo("batch-response"))
                .body("entry.size()", equalTo(6))
                .body("entry[0].response.status", equalTo("200 OK"))
                .body("entry[1].response.status", equalTo("201 Created"))
                .body("entry[2].response.status", equalTo("400 Bad Request"))
                .body("entry[2].response.outcome.issue[0].diagnostics", containsString("Not kept"))
                .body("entry[3].response.status", equalTo("400 Bad Request"))
                .body("entry[3].response.outcome.issue[0].diagnostics", containsString("modulus 11"))
                .body("entry[4].response.status", equalTo("400 Bad Request"))
                .body("entry[4].response.outcome.issue[0].code", equalTo("not-supported"))
                .body("entry[5].response.status", equalTo("400 Bad Request"))
                .body("entry[5].response.outcome.issue[0].diagnostics", containsString("only with a referral"));
        assertEquals(1, referralsOf(received), "the good entry was received whatever the others did");
    }

    @Test
    void anEntrysIfNoneExistMakesOneReferralHoweverOftenTheTransactionIsSent() throws Exception {
        String nhsNumber = TestNhsNumbers.next();
        String identifier = UUID.randomUUID().toString();
        Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
        ReferralBundles.addPatientAndReferral(bundle, nhsNumber, ReferralBuilder.gpReferral(nhsNumber)
                .identifier("https://gp.example/ref", identifier).resource());
        bundle.getEntry().get(1).getRequest().setIfNoneExist("identifier=https://gp.example/ref|" + identifier);
        String created = post(bundle).statusCode(200).body("entry[1].response.status", equalTo("201 Created"))
                .extract().path("entry[1].response.location");
        post(bundle).statusCode(200).body("entry[1].response.status", equalTo("200 OK"))
                .body("entry[1].response.location", equalTo(created));
        assertEquals(1, referralsOf(nhsNumber));

        bundle.getEntry().get(1).getRequest().setIfNoneExist("status=active");
        post(bundle).statusCode(400).body("issue[0].expression[0]", equalTo("Bundle.entry[1].request.ifNoneExist"));
    }

    @Test
    void whatIsNotATransactionOrBatchIsRefusedSayingWhatIs() {
        post(new Bundle().setType(BundleType.MESSAGE)).statusCode(400)
                .body("issue[0].diagnostics", containsString("$process-message"));
        post(new Bundle().setType(BundleType.DOCUMENT)).statusCode(400)
                .body("issue[0].expression[0]", equalTo("Bundle.type"));
        given().auth().oauth2(GP).contentType(FHIR_JSON).body(ReferralBuilder.gpReferral(TestNhsNumbers.next()).json())
                .post("/fhir").then().statusCode(400).body("issue[0].code", equalTo("structure"));
        Bundle put = new Bundle().setType(BundleType.TRANSACTION);
        put.addEntry().setResource(ReferralBuilder.gpReferral(TestNhsNumbers.next()).resource()).getRequest()
                .setMethod(Bundle.HTTPVerb.PUT).setUrl("ServiceRequest/x");
        post(put).statusCode(400).body("issue[0].code", equalTo("not-supported"))
                .body("issue[0].expression[0]", equalTo("Bundle.entry[0].request"));
        given().auth().oauth2(DevKeys.forThisJvm().token("nurse.jones", "R1C", Roles.COMMUNITY_NURSE)).contentType(FHIR_JSON)
                .body(Fhir.toJson(put)).post("/fhir").then().statusCode(403);
    }

    private ValidatableResponse post(Bundle bundle) {
        return given().auth().oauth2(GP).contentType(FHIR_JSON).body(Fhir.toJson(bundle)).post("/fhir").then();
    }

    private long referralsOf(String nhsNumber) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select count(*) from referral where nhs_number = ?")) {
            query.setString(1, nhsNumber);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
