package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every access to a person's record leaves exactly one AuditEvent, allowed or refused, that a
 * privacy officer finds by the person's NHS number or by the user; the trail cannot be changed.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class AuditTrailTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String AUDITOR = KEYS.token("privacy.officer", "R1C", Roles.AUDITOR);
    static final String SECRET_NOTE = "Lives alone since her husband died; fell twice in October";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void eachReadSearchChangeAndRefusalIsOneAuditEventFoundByPersonAndByUser() {
        String nhs = TestNhsNumbers.next();
        String user = "nurse." + UUID.randomUUID();
        String nurse = KEYS.member(user, "R1C", "central", Roles.COMMUNITY_NURSE);
        String id = taskWithANote(nurse, nhs);
        given().auth().oauth2(nurse).get("/fhir/Task/" + id).then().statusCode(200);
        given().auth().oauth2(nurse).get("/fhir/Task?patient.identifier=" + nhs).then().statusCode(200);
        given().auth().oauth2(nurse).get("/fhir/Task/" + id + "/_history").then().statusCode(200);
        given().auth().oauth2(KEYS.token("nhs111", "NHS111", Roles.REFERRER))
                .get("/fhir/Task?patient.identifier=" + nhs).then().statusCode(403);

        JsonPath trail = auditOf("patient.identifier=" + nhs);
        assertEquals(List.of("search", "history", "search", "read", "create"),
                trail.getList("entry.collect { it.resource.subtype[0].code }"), "newest first, one each");
        assertEquals(5, trail.getInt("total"));
        assertEquals("4", trail.getString("entry[0].resource.outcome"), "the refusal is recorded");
        assertEquals("HTTP 403", trail.getString("entry[0].resource.outcomeDesc"));
        assertEquals("nhs111", trail.getString("entry[0].resource.agent[0].who.identifier.value"));
        assertEquals("C", trail.getString("entry[4].resource.action"));
        assertEquals("committed with the change", trail.getString("entry[4].resource.outcomeDesc"),
                "written in the change's own transaction");
        assertEquals("Task/" + id, trail.getString("entry[4].resource.entity[0].what.reference"));
        assertEquals(user, trail.getString("entry[3].resource.agent[0].who.identifier.value"));
        assertEquals("R1C", trail.getString("entry[3].resource.agent[0].extension[0].valueReference.identifier.value"));
        assertEquals("TREAT", trail.getString("entry[3].resource.purposeOfEvent[0].coding[0].code"));
        assertEquals(nhs, trail.getString("entry[3].resource.entity[1].what.identifier.value"));
        assertFalse(trail.prettify().contains("husband"), "no clinical free text in the trail");

        JsonPath byUser = auditOf("agent.identifier=" + user);
        assertEquals(4, byUser.getInt("total"), "the user's create, read, search and history");
        JsonPath page = auditOf("agent.identifier=" + user + "&_count=2");
        assertEquals(2, page.getList("entry").size());
        assertNull(page.get("total"), "a page of some of the matches does not pass for all of them");
    }

    @Test
    void aChangeThatIsRefusedIsRecordedOnceAsRefused() {
        String nhs = TestNhsNumbers.next();
        String nurse = KEYS.member("nurse." + UUID.randomUUID(), "R1C", "central", Roles.COMMUNITY_NURSE);
        String id = given().auth().oauth2(nurse).contentType("application/fhir+json")
                .body(TaskApiTest.task(nhs, "Medication review")).post("/fhir/Task").then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(nurse).contentType("application/fhir+json").header("If-Match", "W/\"7\"")
                .post("/fhir/Task/" + id + "/$start").then().statusCode(412);
        JsonPath trail = auditOf("patient.identifier=" + nhs);
        assertEquals(2, trail.getInt("total"));
        assertEquals("$start", trail.getString("entry[0].resource.subtype[0].code"));
        assertEquals("HTTP 412", trail.getString("entry[0].resource.outcomeDesc"));
    }

    @Test
    void aReadWhoseAccessCannotBeRecordedShowsNothingAndSaysToRetry() throws SQLException {
        String nhs = TestNhsNumbers.next();
        String user = "nurse." + UUID.randomUUID();
        String nurse = KEYS.member(user, "R1C", "central", Roles.COMMUNITY_NURSE);
        String id = taskWithANote(nurse, nhs);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // The trail refuses this user's rows from now on, as a database that has gone away would.
            statement.execute("""
                    create function audit_event_refuse_one() returns trigger language plpgsql as $$
                    begin
                        if new.agent = '%s' then raise exception 'the trail is unavailable'; end if;
                        return new;
                    end $$;
                    create trigger audit_event_refuse_one before insert on audit_event
                        for each row execute function audit_event_refuse_one()""".formatted(user));
            try {
                String answer = given().auth().oauth2(nurse).get("/fhir/Task/" + id).then().statusCode(503)
                        .header("Retry-After", "5").body("resourceType", equalTo("OperationOutcome"))
                        .extract().asString();
                assertFalse(answer.contains("husband"), "nothing of the record leaves unrecorded");
                // A refusal gives nothing out: it goes out as it is.
                given().auth().oauth2(nurse).get("/fhir/Task?status=requested").then().statusCode(400);
            } finally {
                statement.execute("drop trigger audit_event_refuse_one on audit_event;"
                        + " drop function audit_event_refuse_one()");
            }
        }
        given().auth().oauth2(nurse).get("/fhir/Task/" + id).then().statusCode(200);
    }

    @Test
    void onlyAnAuditorReadsTheTrailAndTheyMustNameWhoseItIs() {
        String nurse = KEYS.member("nurse.jones", "R1C", "central", Roles.COMMUNITY_NURSE);
        given().auth().oauth2(nurse).get("/fhir/AuditEvent?patient.identifier=9434765919").then().statusCode(403);
        given().auth().oauth2(AUDITOR).get("/fhir/AuditEvent").then().statusCode(400)
                .body("issue[0].diagnostics", equalTo("Name the person (patient.identifier=<NHS number>) or the user"
                        + " (agent.identifier=<user id>) whose audit trail you want"));
    }

    @Test
    void theTrailCannotBeChangedOrDeletedEvenByTheServicesOwnDatabaseUser() throws SQLException {
        given().auth().oauth2(AUDITOR).get("/fhir/AuditEvent?patient.identifier=9434765919").then().statusCode(200);
        for (String change : List.of("update audit_event set agent = 'someone else'", "delete from audit_event",
                "truncate audit_event")) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(change), change);
                assertTrue(refused.getMessage().contains("audit_event is append-only"), refused.getMessage());
            }
        }
    }

    /** A task whose description is the kind of clinical free text the trail must never hold. */
    private static String taskWithANote(String nurse, String nhs) {
        return given().auth().oauth2(nurse).contentType("application/fhir+json")
                .body(TaskApiTest.task(nhs, SECRET_NOTE)).post("/fhir/Task").then().statusCode(201)
                .extract().path("id");
    }

    private static JsonPath auditOf(String query) {
        return given().auth().oauth2(AUDITOR).get("/fhir/AuditEvent?" + query).then().statusCode(200)
                .extract().jsonPath();
    }
}
