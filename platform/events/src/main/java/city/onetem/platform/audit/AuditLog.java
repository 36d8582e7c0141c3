package city.onetem.platform.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Writes audit rows: append-only, one statement each. */
@ApplicationScoped
public class AuditLog {

    @Inject
    AgroalDataSource dataSource;

    /**
     * Inserts the row on the current transaction's connection when there is one (so it commits or
     * rolls back with the change), else on its own, committed before this returns.
     */
    void write(AuditEntry entry) {
        AuditEntry.Request request = entry.request();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into audit_event (id, recorded, action, interaction, resource_type, resource_id, people,
                            outcome, http_status, agent, agent_organisation, agent_issuer, agent_roles, purpose,
                            source_address, request_id, method, path, query_parameters)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            Array people = connection.createArrayOf("text", entry.people().toArray());
            insert.setObject(1, UUID.randomUUID());
            insert.setTimestamp(2, Timestamp.from(Instant.now()));
            insert.setString(3, request.action());
            insert.setString(4, request.interaction());
            insert.setString(5, entry.resourceType());
            insert.setString(6, entry.resourceId());
            insert.setArray(7, people);
            insert.setInt(8, entry.outcome());
            insert.setObject(9, entry.httpStatus());
            insert.setString(10, entry.agent().id());
            insert.setString(11, entry.agent().organisation());
            insert.setString(12, entry.agent().issuer());
            insert.setString(13, entry.agent().roles());
            insert.setString(14, entry.purpose());
            insert.setString(15, request.sourceAddress());
            insert.setString(16, request.requestId());
            insert.setString(17, request.method());
            insert.setString(18, request.path());
            insert.setString(19, request.queryParameters().isEmpty() ? null : String.join(",", request.queryParameters()));
            insert.executeUpdate();
        } catch (SQLException e) {
            // Not audited means not answered: the request fails rather than leave no trace.
            throw new IllegalStateException("Could not write the audit record", e);
        }
    }
}
