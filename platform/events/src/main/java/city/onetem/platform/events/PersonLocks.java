package city.onetem.platform.events;

import city.onetem.platform.fhir.NhsNumber;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Serialises the writers of one person's records until the transaction ends (a PostgreSQL
 * transaction advisory lock keyed by the NHS number). This is what keeps one person's events in
 * commit order: a second writer gets its outbox row, and so its place in the relay's order, only
 * after the first has committed. It also stops two writers both finding "no plan yet" at once.
 * Take it before any row lock, as every writer does, so that locks never cross.
 */
@ApplicationScoped
public class PersonLocks {

    private static final String HELD = PersonLocks.class.getName() + "|";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TransactionSynchronizationRegistry transaction;

    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(NhsNumber person) {
        String key = HELD + person.value();
        if (transaction.getResource(key) != null) {
            return; // held until this transaction ends
        }
        // On the transaction's own connection, not as a Hibernate native query: Hibernate
        // flushes the whole session before one.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, Long.parseLong(person.value()));
            lock.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not lock the records of a person: " + e.getMessage(), e);
        }
        transaction.putResource(key, Boolean.TRUE);
    }
}
