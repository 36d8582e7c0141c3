package city.onetem.discharge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.ServiceChecks;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The service starts on the real broker and database, is ready, and has its schema. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "discharge"))
class ServiceReadyTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void readyOnItsDatabaseAndBroker() {
        ServiceChecks.assertReadyAndOpen();
    }

    @Test
    void schemaIsMigrated() throws Exception {
        Set<String> tables = ServiceChecks.tables(dataSource);
        assertTrue(tables.containsAll(List.of("hospital_stay", "outbox_event", "processed_event")), tables.toString());
    }
}
