package city.onetem.platform.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/** What every service under test must show: ready on its real broker and database, and migrated. */
public final class ServiceChecks {

    private ServiceChecks() {
    }

    /** Readiness covers the database, the broker and the outbox relay; metadata and health are open. */
    public static void assertReadyAndOpen() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("outbox-relay", "Kafka connection health check",
                        "Database connections health check"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/fhir/metadata").then().statusCode(200).body("resourceType", equalTo("CapabilityStatement"));
    }

    /** The tables in the service's database. */
    public static Set<String> tables(DataSource dataSource) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                ResultSet tables = connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                names.add(tables.getString("TABLE_NAME"));
            }
        }
        return names;
    }
}
