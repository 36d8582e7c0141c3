package city.onetem.platform.fhir;

import java.sql.SQLException;
import java.util.Set;

/**
 * Whether a failure is the database being out of reach (down, restarting, the connection cut)
 * rather than a fault in the request or the code: that is a 503 the caller can retry, not a
 * 500. PostgreSQL says so with SQLSTATE class 08 (connection exception) or 57P01-57P03 (shut
 * down, crashed, not accepting connections yet).
 */
public final class DatabaseUnavailable {

    private static final Set<String> SHUTTING_DOWN = Set.of("57P01", "57P02", "57P03");

    private DatabaseUnavailable() {
    }

    public static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SHUTTING_DOWN.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
