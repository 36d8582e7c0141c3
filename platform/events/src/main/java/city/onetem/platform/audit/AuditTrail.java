package city.onetem.platform.audit;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What one request did to whose record, gathered as it runs and written once as an audit row:
 * within the transaction of its first change, so the change and its record commit or roll back
 * together, or, for a read or a refusal, before the answer leaves ({@link AuditFilters}).
 */
@RequestScoped
public class AuditTrail {

    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    AuditLog log;
    @Inject
    SecurityIdentity identity;

    private final Set<String> people = new LinkedHashSet<>();
    private AuditEntry.Request request;
    private String resourceType;
    private String resourceId;
    private boolean enlisted;
    private boolean emergency;
    private volatile boolean recorded;

    /** The request being audited; null outside an audited request (events applied by a consumer). */
    static AuditTrail current() {
        ManagedContext context = Arc.container().requestContext();
        if (!context.isActive()) {
            return null;
        }
        // A client proxy: its state is reached through methods, never its fields.
        AuditTrail trail = Arc.container().instance(AuditTrail.class).get();
        return trail.request() == null ? null : trail;
    }

    /** Notes that this request reads or searches this person's data. */
    public static void about(String nhsNumber) {
        AuditTrail trail = current();
        if (trail != null && nhsNumber != null) {
            trail.people().add(nhsNumber);
        }
    }

    /** Notes that the request reached a person's data through emergency access (break glass). */
    public static void emergency() {
        AuditTrail trail = current();
        if (trail != null) {
            trail.markEmergency();
        }
    }

    void markEmergency() {
        emergency = true;
    }

    /** Notes which resource the request is about, when it names one. */
    public static void resource(String type, String id) {
        AuditTrail trail = current();
        if (trail != null) {
            trail.name(type, id);
        }
    }

    /**
     * Notes a change to this person's resource, in the transaction that makes it: the audit row
     * is written in that same transaction, just before it commits.
     */
    public static void changing(String type, String id, String nhsNumber) {
        AuditTrail trail = current();
        if (trail == null) {
            return;
        }
        resource(type, id);
        about(nhsNumber);
        trail.enlist();
    }

    /**
     * Writes the request's row now, for an answer that passes no response filter (a server-sent
     * event stream's): before the stream opens, so that nothing is shown unrecorded.
     */
    public void recordNow(int httpStatus) {
        if (request == null || recorded) {
            return;
        }
        log.write(entry(httpStatus));
        recorded = true;
    }

    /** The first resource named (by the URL, or a create's new id) is what the request was about. */
    void name(String type, String id) {
        if (resourceType == null || (resourceId == null && resourceType.equals(type))) {
            resourceType = type;
            resourceId = id;
        }
    }

    void begin(AuditEntry.Request request) {
        this.request = request;
    }

    AuditEntry.Request request() {
        return request;
    }

    boolean recorded() {
        return recorded;
    }

    Set<String> people() {
        return people;
    }

    /** The row to write; on a worker thread, as it may resolve the caller's identity. */
    AuditEntry entry(Integer httpStatus) {
        return new AuditEntry(request, agent(), resourceType, resourceId, people, httpStatus, emergency);
    }

    private AuditEntry.Agent agent() {
        try {
            if (identity.isAnonymous()) {
                return AuditEntry.Agent.UNKNOWN;
            }
            boolean operations = identity.hasRole(Roles.AUDITOR) || identity.hasRole(Roles.OPERATOR);
            String roles = String.join(",", new TreeSet<>(identity.getRoles()));
            if (identity.getPrincipal() instanceof JsonWebToken token) {
                return new AuditEntry.Agent(token.getSubject(), token.getClaim(Caller.ORGANISATION_CLAIM),
                        token.getClaim(Caller.ISSUER_NAME_CLAIM), roles, operations);
            }
            return new AuditEntry.Agent(identity.getPrincipal().getName(), null, null, roles, operations);
        } catch (RuntimeException refused) {
            return AuditEntry.Agent.UNKNOWN; // the token was refused: who sent it is not known
        }
    }

    void enlist() {
        if (enlisted || recorded || transactions.getTransactionKey() == null) {
            return;
        }
        enlisted = true;
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
                    // The request has not answered yet: a change that commits is a success.
                    log.write(entry(null));
                }
            }

            @Override
            public void afterCompletion(int status) {
                enlisted = false;
                recorded = status == Status.STATUS_COMMITTED;
            }
        });
    }
}
