package city.onetem.platform.fhir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void aRefusedOrCutConnectionOrAServerShuttingDownIsUnavailable() {
        assertTrue(DatabaseUnavailable.causes(new IllegalStateException("wrapped",
                new SQLException("Connection to localhost:5432 refused", "08001"))));
        assertTrue(DatabaseUnavailable.causes(new SQLException("An I/O error occurred", "08006")));
        assertTrue(DatabaseUnavailable.causes(new RuntimeException(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01")))));
    }

    @Test
    void aFaultInTheStatementOrTheDataIsNot() {
        assertFalse(DatabaseUnavailable.causes(new SQLException("invalid byte sequence", "22021")));
        assertFalse(DatabaseUnavailable.causes(new SQLException("duplicate key", "23505")));
        assertFalse(DatabaseUnavailable.causes(new IllegalStateException("no SQL here")));
    }
}
