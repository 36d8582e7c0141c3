package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.Roles;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The SPA shows a person's existing One Team care plan on their referral, learned from careplans.v1. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class CarePlanEventsTest {

    static final String GP = DevKeys.forThisJvm().token("dr.patel", "J82001", Roles.REFERRER);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    PersonKeys personKeys;

    @Test
    void aReferralForAPersonWithACarePlanShowsThePlan() {
        String nhsNumber = TestNhsNumbers.next();
        String planId = UUID.randomUUID().toString();
        publishPlan(nhsNumber, planId, 2, "active");
        String referral = given().auth().oauth2(GP).contentType("application/fhir+json")
                .body(ReferralBuilder.gpReferral(nhsNumber).json()).post("/fhir/ServiceRequest").then().statusCode(201)
                .extract().path("id");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<String> plans = given().auth().oauth2(GP).get("/fhir/ServiceRequest/" + referral).then()
                    .statusCode(200).extract().path("supportingInfo.findAll { it.type == 'CarePlan' }.identifier.value");
            return plans.equals(List.of(planId));
        });
    }

    @Test
    void aPersonWithoutAPlanHasNoneShown() {
        String referral = given().auth().oauth2(GP).contentType("application/fhir+json")
                .body(ReferralBuilder.gpReferral(TestNhsNumbers.next()).json()).post("/fhir/ServiceRequest").then()
                .statusCode(201).extract().path("id");
        given().auth().oauth2(GP).get("/fhir/ServiceRequest/" + referral).then().statusCode(200)
                .body("supportingInfo", org.hamcrest.Matchers.nullValue());
    }

    private void publishPlan(String nhsNumber, String planId, int version, String status) {
        String plan = """
                {"resourceType":"CarePlan","id":"%s","meta":{"versionId":"%d"},"status":"%s","intent":"plan",
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}"""
                .formatted(planId, version, status, nhsNumber);
        TestEvents.publish(bootstrapServers, Topics.CARE_PLANS, personKeys.keyFor(new NhsNumber(nhsNumber)), Map.of(
                CloudEventHeaders.SPEC_VERSION, "1.0", CloudEventHeaders.ID, UUID.randomUUID().toString(),
                CloudEventHeaders.SOURCE, "/onetem/care-plans", CloudEventHeaders.TYPE, EventTypes.CAREPLAN_UPDATED,
                CloudEventHeaders.SUBJECT, "CarePlan/" + planId, CloudEventHeaders.CONTENT_TYPE,
                CloudEventHeaders.FHIR_JSON), plan);
    }
}
