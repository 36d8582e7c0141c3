package city.onetem.platform.events;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Serialises the writers of one named thing (a hospital stay by its key, a ward, the reablement
 * places) until the transaction ends: a PostgreSQL transaction advisory lock on (space, hash of
 * the name). Each kind of thing has its own space, apart from {@link PersonLocks}' one-number keys.
 * On the transaction's own connection, not a Hibernate native query, which would flush the session.
 */
@ApplicationScoped
public class NamedLocks {

    @Inject
    AgroalDataSource dataSource;

    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(int space, String name) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
            lock.setInt(1, space);
            lock.setString(2, name);
            lock.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not lock " + name + ": " + e.getMessage(), e);
        }
    }
}
