package city.onetem.platform.relationships;

import city.onetem.platform.access.Caller;
import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.store.StoredSearch;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the caller holds emergency access (break glass) to a person: taken with a reason at
 * {@code POST /fhir/$break-glass}, until it expires. Every service's access rules ask it after
 * their own care relationships; an access it allows is audited as emergency treatment (ETREAT).
 */
@RequestScoped
public class BreakGlass {

    @Inject
    Caller caller;
    @Inject
    EntityManager entities;

    private final Map<String, Optional<Instant>> known = new HashMap<>();

    /** Whether the caller's emergency access to this person is unexpired; if so, the access is audited as such. */
    public boolean allows(String nhsNumber) {
        boolean active = until(nhsNumber).isPresent();
        if (active) {
            AuditTrail.emergency();
        }
        return active;
    }

    /** When the caller's unexpired emergency access to this person ends; empty without one. Asked once per request. */
    public Optional<Instant> until(String nhsNumber) {
        if (nhsNumber == null || caller.id() == null) {
            return Optional.empty();
        }
        return known.computeIfAbsent(nhsNumber, person -> Optional.ofNullable(entities.createNativeQuery(
                "select max(expires_at) from break_glass where user_id = ?1 and coalesce(issuer, '') = ?2"
                        + " and nhs_number = ?3 and expires_at > now()").setParameter(1, caller.id())
                .setParameter(2, issuerOrBlank()).setParameter(3, person).getSingleResult()).map(BreakGlass::instant));
    }

    private static Instant instant(Object timestamp) {
        if (timestamp instanceof Instant instant) {
            return instant;
        }
        if (timestamp instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((java.sql.Timestamp) timestamp).toInstant();
    }

    /**
     * Adds "or one of the people I hold emergency access to" to a search's alternatives (JPQL,
     * on the entity's nhsNumber), when the caller holds any.
     */
    public void include(List<String> conditions, StoredSearch search) {
        List<String> people = people();
        if (!people.isEmpty()) {
            conditions.add("nhsNumber in :myEmergencyPeople");
            search.bind("myEmergencyPeople", people);
        }
    }

    /** The people the caller holds unexpired emergency access to. */
    @SuppressWarnings("unchecked")
    private List<String> people() {
        if (caller.id() == null) {
            return List.of();
        }
        return entities.createNativeQuery("select distinct nhs_number from break_glass where user_id = ?1"
                + " and coalesce(issuer, '') = ?2 and expires_at > now()").setParameter(1, caller.id())
                .setParameter(2, issuerOrBlank()).getResultList();
    }

    private String issuerOrBlank() {
        return caller.issuer() == null ? "" : caller.issuer();
    }
}
