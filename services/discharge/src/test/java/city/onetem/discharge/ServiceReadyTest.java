package city.onetem.discharge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.RealInfrastructure;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The service starts on the real broker and database, is ready, and has its schema. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "discharge"))
class ServiceReadyTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void readyWithDatabaseBrokerAndOutbox() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("outbox-relay", "Kafka connection health check"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/fhir/metadata").then().statusCode(200).body("resourceType", equalTo("CapabilityStatement"));
    }

    @Test
    void schemaIsMigrated() throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet tables = connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            java.util.Set<String> names = new java.util.HashSet<>();
            while (tables.next()) {
                names.add(tables.getString("TABLE_NAME"));
            }
            assertTrue(names.containsAll(java.util.List.of("hospital_stay", "outbox_event", "processed_event")), names.toString());
        }
    }
}
