package city.onetem.careplans;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import city.onetem.platform.fhir.NhsNumber;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** The person's one plan as the API shows it, once events have brought it to a version. */
final class Plans {

    private Plans() {
    }

    /**
     * Waits for the person's plan to reach this version (and no further), and returns it. Until
     * events have made the plan and routed it to the caller's team, the caller is refused (403).
     */
    static JsonPath await(String token, String nhs, int version, Duration atMost) {
        org.awaitility.Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonPath visible = searchIfAllowed(token, nhs);
            List<String> versions = visible == null ? null : visible.getList("entry.resource.meta.versionId");
            return versions != null && versions.size() == 1 && Integer.parseInt(versions.get(0)) >= version;
        });
        JsonPath found = search(token, nhs);
        assertEquals(String.valueOf(version), found.getString("entry[0].resource.meta.versionId"));
        return found.setRootPath("entry[0].resource");
    }

    /** The person's plans, or null while the caller has no care relationship with them. */
    static JsonPath searchIfAllowed(String token, String nhs) {
        var response = given().auth().oauth2(token).get("/fhir/CarePlan?patient.identifier=" + NhsNumber.SYSTEM + "|"
                + nhs);
        return response.statusCode() == 403 ? null : response.then().statusCode(200).extract().jsonPath();
    }

    /**
     * The person's plans as stored, as a search Bundle would show them: for tests of what events
     * did to plans that no cluster team holds (people not referred: a hospital stay, a ward).
     */
    static JsonPath stored(DataSource dataSource, String nhs) {
        return stored(dataSource, "care_plan", nhs);
    }

    /** A person's rows of one of the service's tables (care_plan, task, plan_part) as a search Bundle. */
    static JsonPath stored(DataSource dataSource, String table, String nhs) {
        StringBuilder bundle = new StringBuilder("{\"entry\":[");
        int total = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select resource from " + table + " where nhs_number = ? order by last_updated desc")) {
            select.setString(1, nhs);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    bundle.append(total++ == 0 ? "" : ",").append("{\"resource\":").append(rows.getString(1)).append('}');
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return JsonPath.from(bundle.append("],\"total\":").append(total).append('}').toString());
    }

    /** Makes the cluster's team hold the person's plan, as its acceptance of a referral would, publishing nothing. */
    static void heldBy(DataSource dataSource, String nhs, String cluster) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into care_plan (id, version, nhs_number, status, last_updated, resource, cluster)
                        values (?, 1, ?, 'active', now(), ?, ?) on conflict do nothing""")) {
            String id = UUID.randomUUID().toString();
            insert.setString(1, id);
            insert.setString(2, nhs);
            insert.setString(3, """
                    {"resourceType":"CarePlan","id":"%s","status":"active","intent":"plan",
                     "subject":{"identifier":{"system":"%s","value":"%s"}}}""".formatted(id, NhsNumber.SYSTEM, nhs));
            insert.setString(4, cluster);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonPath search(String token, String nhs) {
        return given().auth().oauth2(token).get("/fhir/CarePlan?patient.identifier=" + NhsNumber.SYSTEM + "|" + nhs)
                .then().statusCode(200).extract().jsonPath();
    }
}
