package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A referral made from a BaRS message carries the carers (RelatedPerson) and alerts (Flag) the
 * referrer sent, contained in the ServiceRequest; they reach the person's plan, once.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class ReferrerContentTest {

    static final String NURSE = DevKeys.forThisJvm().member("nurse.jones", "R1C", "central", Roles.COMMUNITY_NURSE);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    PersonKeys personKeys;

    @Test
    void carersJoinTheCareTeamAndAlertsTheirPlanOnceWhateverEventsBringThemAgain() {
        String nhs = TestNhsNumbers.next();
        String referralId = UUID.randomUUID().toString();
        publish(UUID.randomUUID().toString(), EventTypes.REFERRAL_RECEIVED, nhs, referralId, 1, false);

        JsonPath plan = awaitPlan(nhs, 1);
        assertEquals(List.of("Alert from the referrer: Safeguarding concern: lives with a relative under investigation",
                "Alert from the referrer: Reasonable adjustment: profoundly deaf, use a BSL interpreter"),
                plan.getList("supportingInfo.findAll { it.type == 'Flag' }.display"));
        assertEquals(2, plan.getList("contained.findAll { it.resourceType == 'Flag' }").size());
        assertEquals(nhs, plan.getString("contained[0].subject.identifier.value"));
        JsonPath team = team(nhs, 1);
        assertEquals(List.of("Jane Smith (daughter)"), carers(team));
        assertEquals("07700 900123", team.getString("contained.find { it.resourceType == 'RelatedPerson' }"
                + ".telecom[0].value"));
        assertTrue(plan.getString("careTeam[0].display").contains("1 carer"), plan.getString("careTeam[0].display"));

        // The referrer's update: the same carer and flags again, a neighbour and a falls risk new.
        String amended = UUID.randomUUID().toString();
        publish(amended, EventTypes.REFERRAL_AMENDED, nhs, referralId, 2, true);
        awaitPlan(nhs, 2);
        team = team(nhs, 2);
        assertEquals(List.of("Jane Smith (daughter)", "Tom Baker (neighbor)"), carers(team));
        plan = awaitPlan(nhs, 2);
        assertEquals(3, plan.getList("contained.findAll { it.resourceType == 'Flag' }").size());
        assertTrue(plan.getList("supportingInfo.display").contains("Alert from the referrer: At risk for falls"));

        // The same event again, and the same version under a new id: neither changes anything.
        publish(amended, EventTypes.REFERRAL_AMENDED, nhs, referralId, 2, true);
        publish(UUID.randomUUID().toString(), EventTypes.REFERRAL_AMENDED, nhs, referralId, 2, true);
        // A marker after them, without carers: once it shows, the replays before it were consumed.
        String marker = UUID.randomUUID().toString();
        SpaEvents spa = new SpaEvents(bootstrapServers, personKeys);
        spa.publish(UUID.randomUUID().toString(), EventTypes.REFERRAL_RECEIVED, nhs, marker, 1, "Mental health",
                "received", null);
        plan = awaitPlan(nhs, 3);
        assertEquals(3, plan.getList("contained.findAll { it.resourceType == 'Flag' }").size());
        assertEquals("2", team(nhs, 2).getString("meta.versionId"));
        assertEquals(2, carers(team(nhs, 2)).size());
    }

    @Test
    void aReferralMadeInErrorBringsNothingOfItsOwn() {
        String nhs = TestNhsNumbers.next();
        publish(UUID.randomUUID().toString(), EventTypes.REFERRAL_ENTERED_IN_ERROR, nhs, UUID.randomUUID().toString(),
                2, false);
        JsonPath plan = awaitPlan(nhs, 1);
        assertEquals(null, plan.getList("contained"));
        given().auth().oauth2(NURSE).get("/fhir/CareTeam?patient.identifier=" + nhs).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(0));
    }

    private void publish(String eventId, String type, String nhs, String referralId, int version, boolean updated) {
        String json = resource("bars-referral.json").replace("{{ID}}", referralId)
                .replace("{{VERSION}}", String.valueOf(version)).replace("{{NHS}}", nhs)
                .replace("{{STATE}}", EventTypes.REFERRAL_ENTERED_IN_ERROR.equals(type) ? "entered-in-error" : "received")
                .replace("{{MORE}}", updated ? resource("bars-referral-update-extra.json") : "")
                .replace("{{MORE_LINKS}}", updated ? ", {\"reference\": \"#relatedperson-2\"}, {\"reference\": \"#flag-3\"}"
                        : "");
        new SpaEvents(bootstrapServers, personKeys).publish(eventId, type, nhs, referralId, json);
    }

    private static String resource(String name) {
        try (InputStream in = ReferrerContentTest.class.getResourceAsStream("/referrals/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> carers(JsonPath team) {
        return team.getList("participant.findAll { it.role[0].coding[0].code == '" + CarePlanContract.CARER
                + "' }.member.display");
    }

    private static JsonPath team(String nhs, int version) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<String> versions = given().auth().oauth2(NURSE).get("/fhir/CareTeam?patient.identifier=" + nhs)
                    .then().statusCode(200).extract().jsonPath().getList("entry.resource.meta.versionId");
            return versions != null && versions.size() == 1 && Integer.parseInt(versions.get(0)) >= version;
        });
        return given().auth().oauth2(NURSE).get("/fhir/CareTeam?patient.identifier=" + nhs).then().statusCode(200)
                .extract().jsonPath().setRootPath("entry[0].resource");
    }

    /** Up to a minute: the first test in a fresh JVM waits for the consumer group to form. */
    private static JsonPath awaitPlan(String nhs, int version) {
        return Plans.await(NURSE, nhs, version, Duration.ofSeconds(60));
    }
}
