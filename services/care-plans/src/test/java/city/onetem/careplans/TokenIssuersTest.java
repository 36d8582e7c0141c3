package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import city.onetem.platform.access.Roles;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestIssuers;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who is asking: tokens from each configured issuer, verified against its keys (the stand-in CIS2's
 * fetched from its JWKS URL), with issuer, audience and expiry checked, and the issuer's claims
 * mapped to the roles here. Every refusal says what is wrong with the token.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class TokenIssuersTest {

    static final DevKeys DEV = DevKeys.forThisJvm();
    static final DevKeys CIS2 = TestIssuers.cis2();

    @Test
    void aCis2NurseIsACommunityNurseHereAndARoleWithNoMappingGivesNoAccess() {
        String nurse = CIS2.sign(CIS2.claims("555000000001", Duration.ofMinutes(5)).claim("nhsid_nrbac_roles",
                List.of(Map.of("role_code", TestIssuers.CIS2_NURSE_ROLE, "org_code", "R1C"))));
        tasksOf(nurse).statusCode(200);

        String clerk = CIS2.sign(CIS2.claims("555000000002", Duration.ofMinutes(5)).claim("nhsid_nrbac_roles",
                List.of(Map.of("role_code", "S8000:G8000:R8010", "org_code", "R1C")))); // clerical: not mapped
        tasksOf(clerk).statusCode(403).body("resourceType", equalTo("OperationOutcome"));

        // The issuer's own groups claim counts for nothing: only its RBAC codes, as configured.
        String claimsItsOwnRole = CIS2.sign(CIS2.claims("555000000003", Duration.ofMinutes(5))
                .groups(Roles.COMMUNITY_NURSE));
        tasksOf(claimsItsOwnRole).statusCode(403);
    }

    @Test
    void aTokenForAnotherSystemIsRefusedSaying() {
        String elsewhere = DEV.sign(DEV.claims("nurse.jones", Duration.ofMinutes(5)).audience("another-system")
                .groups(Roles.COMMUNITY_NURSE));
        refused(elsewhere, "not for this system");
        String noAudience = DEV.sign(io.smallrye.jwt.build.Jwt.issuer(DevKeys.ISSUER).subject("nurse.jones")
                .groups(Roles.COMMUNITY_NURSE).expiresIn(300));
        refused(noAudience, "not for this system");
    }

    @Test
    void anExpiredTokenIsRefusedSaying() {
        String expired = DEV.sign(DEV.claims("nurse.jones", Duration.ofMinutes(5)).issuedAt(System.currentTimeMillis()
                / 1000 - 600).expiresAt(System.currentTimeMillis() / 1000 - 300).groups(Roles.COMMUNITY_NURSE));
        refused(expired, "expired");
    }

    @Test
    void aTokenNamingAnIssuerButSignedByAnotherKeyIsRefusedSaying() {
        // Signed with the CIS2 stand-in's key while claiming to come from the development issuer.
        String forged = CIS2.sign(io.smallrye.jwt.build.Jwt.issuer(DevKeys.ISSUER).audience(DevKeys.AUDIENCE)
                .subject("nurse.jones").groups(Roles.COMMUNITY_NURSE).expiresIn(300));
        refused(forged, "signature does not verify");
    }

    @Test
    void aTokenFromAnIssuerNotConfiguredIsRefusedSaying() {
        DevKeys stranger = DevKeys.in(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                "onetem-stranger-keys-" + ProcessHandle.current().pid()), "https://idp.example.org", DevKeys.AUDIENCE);
        refused(stranger.sign(stranger.claims("nurse.jones", Duration.ofMinutes(5)).groups(Roles.COMMUNITY_NURSE)),
                "Tokens from issuer 'https://idp.example.org' are not accepted here");
        refused("not-a-jwt", "must be a signed JWT");
    }

    @Test
    void healthGivesAnyoneTheStatusAndOnlyTheServiceAdministratorTheDetails() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'outbox-relay' }", not(hasKey("data")));
        given().get("/admin/health/ready").then().statusCode(401);
        given().auth().oauth2(DEV.token("nurse.jones", "R1C", Roles.COMMUNITY_NURSE)).get("/admin/health/ready").then()
                .statusCode(403);
        given().auth().oauth2(DEV.token("oncall.engineer", "R1C", Roles.OPERATOR)).get("/admin/health/ready").then()
                .statusCode(200).body("checks.find { it.name == 'outbox-relay' }.data", hasKey("unpublished"));
    }

    private static ValidatableResponse tasksOf(String token) {
        return given().auth().oauth2(token).get("/careplans/target-groups").then();
    }

    private static void refused(String token, String why) {
        tasksOf(token).statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString(why));
    }
}
