package city.onetem.referrals;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * A BaRS message that changed a referral (new, update or cancel), with the sender's transport
 * ids: the same message or X-Request-ID again is recognised, and an update or cancellation is
 * matched to the referral the same sender made.
 */
@Entity
@Table(name = "bars_message")
public class BarsMessageRecord extends PanacheEntityBase {

    @Id
    @Column(name = "message_id")
    public String messageId;
    @Column(name = "request_id")
    public String requestId;
    @Column(name = "correlation_id")
    public String correlationId;
    public String reason;
    /** The organisation on the sender's token: who may update or cancel the referral. */
    @Column(name = "sender_org")
    public String senderOrg;
    /** The organisation the MessageHeader names as sender (ODS), as given. */
    @Column(name = "sender_ods")
    public String senderOds;
    @Column(name = "referral_id")
    public String referralId;
    @Column(name = "received_at")
    public Instant receivedAt;

    static Optional<BarsMessageRecord> byRequestId(String requestId) {
        return requestId == null ? Optional.empty() : find("requestId", requestId).firstResultOptional();
    }

    /** The message that made the referral, whose sender may change it. */
    static Optional<BarsMessageRecord> thatCreated(String referralId) {
        return find("referralId = ?1 and reason = ?2", referralId, BarsMessage.Reason.NEW.code())
                .firstResultOptional();
    }
}
