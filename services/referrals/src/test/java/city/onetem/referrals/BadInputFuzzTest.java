package city.onetem.referrals;

import static city.onetem.referrals.ReferralWorkflowTest.FHIR_JSON;
import static city.onetem.referrals.ReferralWorkflowTest.GP;
import static city.onetem.referrals.ReferralWorkflowTest.SPA;
import static io.restassured.RestAssured.given;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import city.onetem.platform.testing.fuzz.DatabaseSnapshot;
import city.onetem.platform.testing.fuzz.FuzzTarget;
import city.onetem.platform.testing.fuzz.ParkedEventEndpoints;
import city.onetem.platform.testing.fuzz.WriteEndpoint;
import city.onetem.platform.testing.fuzz.WriteEndpointFuzz;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every write endpoint and operation of the SPA, fuzzed (issue #15, "Bad input, fuzzed"): mutated
 * bodies, path ids, If-Match and query values never get a 5xx; a refusal is a 4xx
 * OperationOutcome that says what to change, and leaves every row and the outbox as they were.
 * The quick run is part of the build; -Pfuzz runs 100,000 cases (docs/architecture.md, Testing).
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class BadInputFuzzTest {

    static final String OPERATOR = ReferralWorkflowTest.KEYS.token("oncall.engineer", "R1C", Roles.OPERATOR);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyWriteEndpointAnswersBadInputWithA4xxOperationOutcomeAndWritesNothing() {
        // The 2-hour clock flags an uncontacted UCR referral on its own schedule: its rows are not a request's.
        DatabaseSnapshot snapshot = DatabaseSnapshot.of(dataSource)
                .counting("referral", "referral_identifier", "plan_holder", "cluster")
                .countingWhere("referral_version", "changed_by <> 'urgent response clock'")
                .countingWhere("outbox_event", "event_type <> '" + EventTypes.REFERRAL_BREACH_RISK + "'")
                .checksumOf("practice").checksumOf("parked_event");

        FuzzTarget received = new FuzzTarget(() -> referral(ReferralBuilder.gpReferral(TestNhsNumbers.next())));
        FuzzTarget triaged = new FuzzTarget(() -> triaged(ReferralBuilder.gpReferral(TestNhsNumbers.next())));
        FuzzTarget accepted = new FuzzTarget(() -> accepted(ReferralBuilder.gpReferral(TestNhsNumbers.next())));
        FuzzTarget open = new FuzzTarget(() -> referral(ReferralBuilder.gpReferral(TestNhsNumbers.next())));
        FuzzTarget urgent = new FuzzTarget(() -> referral(ReferralBuilder.gpReferral(TestNhsNumbers.next())
                .category("urgent-community-response")));
        FuzzTarget forRedirect = new FuzzTarget(() -> triaged(ReferralBuilder.gpReferral(TestNhsNumbers.next())));
        FuzzTarget forDecline = new FuzzTarget(() -> triaged(ReferralBuilder.gpReferral(TestNhsNumbers.next())));

        WriteEndpointFuzz.of(URI.create("http://localhost:" + RestAssured.port + "/"), snapshot)
                .endpoint(WriteEndpoint.post("/fhir/ServiceRequest").as(GP).body(ReferralBuilder
                        .gpReferral(TestNhsNumbers.next()).registeredAt("J82012")
                        .identifier("https://111.example.nhs.uk/case", "FUZZ-" + UUID.randomUUID()).json()))
                .endpoint(WriteEndpoint.post("/fhir/$process-message").as(GP).body(Fhir.toJson(
                        BarsMessageTest.message(UUID.randomUUID().toString(), TestNhsNumbers.next())))
                        .answersWithMessages())
                .endpoint(operation("$triage", received, params("priority", "valueCode", "same-day")))
                .endpoint(operation("$accept", triaged, params("service", "valueString", "Community nursing")))
                .endpoint(operation("$redirect", forRedirect, "{\"resourceType\":\"Parameters\",\"parameter\":["
                        + "{\"name\":\"to\",\"valueString\":\"Mental health crisis team\"},"
                        + "{\"name\":\"reason\",\"valueString\":\"Needs the crisis team\"}]}"))
                .endpoint(operation("$decline", forDecline, params("reason", "valueString", "Already known to the team")))
                .endpoint(operation("$complete", accepted, "{\"resourceType\":\"Parameters\"}"))
                .endpoint(operation("$cancel", open, "{\"resourceType\":\"Parameters\",\"parameter\":["
                        + "{\"name\":\"reason\",\"valueString\":\"Person moved away\"},"
                        + "{\"name\":\"entered-in-error\",\"valueBoolean\":false}]}"))
                .endpoint(operation("$record-contact", urgent, "{\"resourceType\":\"Parameters\"}"))
                .endpoint(WriteEndpoint.put("/spa/practices/{id}").as(SPA).contentType("application/json")
                        .target(() -> "FUZZ01").body("{\"cluster\":\"north\",\"name\":\"Fuzz Street Surgery\"}"))
                .endpoints(ParkedEventEndpoints.all(OPERATOR))
                .run();
    }

    @Test
    void anOperationParameterWithoutANameIs400AndChangesNothing() {
        // Found by the fuzz above: HAPI threw a NullPointerException looking parameters up by name (a 500).
        FuzzTarget.Made referral = referral(ReferralBuilder.gpReferral(TestNhsNumbers.next()));
        given().auth().oauth2(SPA).contentType(FHIR_JSON)
                .body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"valueCode\":\"same-day\"}]}")
                .post("/fhir/ServiceRequest/" + referral.id() + "/$triage").then().statusCode(400)
                .body("resourceType", org.hamcrest.Matchers.equalTo("OperationOutcome"))
                .body("issue[0].expression[0]", org.hamcrest.Matchers.equalTo("Parameters.parameter[0].name"));
        given().auth().oauth2(SPA).get("/fhir/ServiceRequest/" + referral.id()).then().statusCode(200)
                .header("ETag", org.hamcrest.Matchers.equalTo("W/\"1\""));
    }

    private static WriteEndpoint operation(String name, FuzzTarget target, String validParameters) {
        return WriteEndpoint.post("/fhir/ServiceRequest/{id}/" + name).as(SPA).body(validParameters)
                .target(target::id).ifMatch(target::ifMatch).onAccepted(target::moveOn);
    }

    static String params(String name, String type, String value) {
        return "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"" + name + "\",\"" + type + "\":\"" + value
                + "\"}]}";
    }

    private static FuzzTarget.Made referral(ReferralBuilder referral) {
        Response created = given().auth().oauth2(GP).contentType(FHIR_JSON).body(referral.json())
                .post("/fhir/ServiceRequest");
        created.then().statusCode(201);
        return new FuzzTarget.Made(created.path("id"), 1);
    }

    private static FuzzTarget.Made triaged(ReferralBuilder referral) {
        FuzzTarget.Made made = referral(referral);
        given().auth().oauth2(SPA).contentType(FHIR_JSON).body(params("priority", "valueCode", "routine"))
                .post("/fhir/ServiceRequest/" + made.id() + "/$triage").then().statusCode(200);
        return new FuzzTarget.Made(made.id(), 2);
    }

    private static FuzzTarget.Made accepted(ReferralBuilder referral) {
        FuzzTarget.Made made = triaged(referral);
        given().auth().oauth2(SPA).contentType(FHIR_JSON).body("{\"resourceType\":\"Parameters\"}")
                .post("/fhir/ServiceRequest/" + made.id() + "/$accept").then().statusCode(200);
        return new FuzzTarget.Made(made.id(), 3);
    }
}
