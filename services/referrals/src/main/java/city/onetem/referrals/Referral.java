package city.onetem.referrals;

import city.onetem.platform.store.VersionedResource;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Convert;
import jakarta.persistence.Table;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A referral to the Single Point of Access: its current FHIR ServiceRequest, and the columns
 * triage, routing and the 2-hour clock work on.
 */
@Entity
@Table(name = "referral")
public class Referral extends VersionedResource {

    @Convert(converter = ReferralColumns.StateColumn.class)
    public ReferralState state;
    @Convert(converter = ReferralColumns.SourceColumn.class)
    public ReferralSource source;
    @Convert(converter = ReferralColumns.CategoryColumn.class)
    public ServiceCategory category;
    @Convert(converter = ReferralColumns.PriorityColumn.class)
    public ReferralPriority priority;
    @Column(name = "practice_ods")
    public String practiceOds;
    /** Null while unrouted: the practice is not in the cluster map. */
    public String cluster;
    @Column(name = "received_at")
    public Instant receivedAt;
    @Column(name = "triaged_at")
    public Instant triagedAt;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "first_contact_at")
    public Instant firstContactAt;
    @Column(name = "breach_risk_at")
    public Instant breachRiskAt;
    @Column(name = "linked_to")
    public String linkedTo;
    /** Why the SPA must choose the service by hand (nothing the referrer sent maps to one); null once known. */
    @Column(name = "to_categorise")
    public String toCategorise;
    /** Who sent it (their organisation, else their identity): a repeat is the same identifier from them. */
    public String referrer;
    /** From the Patient when the referral carries one; null otherwise. */
    @Column(name = "birth_date")
    public java.time.LocalDate birthDate;
    /** A BaRS validation request (a clinician validates a 111/999 disposition), not a transfer of care. */
    public boolean validation;

    public static List<Referral> forPerson(String nhsNumber) {
        return list("nhsNumber = ?1 order by receivedAt desc", nhsNumber);
    }

    /** Received without an NHS number: the SPA traces it before the referral reaches anyone's plan. */
    public boolean untraced() {
        return nhsNumber == null;
    }

    /**
     * The id of the person's most recent open referral, if they have one. Plain SQL on the
     * session's connection: this runs on every intake, where loading the whole entity through
     * a query cost a sixth of the SPA's CPU. The states are written out so that PostgreSQL can
     * use the partial index on open referrals.
     */
    public static Optional<String> openReferralOf(String nhsNumber) {
        return getSession().doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement(OPEN_REFERRAL)) {
                query.setString(1, nhsNumber);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    private static final String OPEN_REFERRAL = "select id from referral where nhs_number = ? and state in ("
            + ReferralState.open().stream().map(state -> "'" + state.code() + "'").sorted()
                    .collect(Collectors.joining(", "))
            + ") order by received_at desc limit 1";
}
