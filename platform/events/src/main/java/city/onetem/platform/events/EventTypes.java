package city.onetem.platform.events;

/**
 * CloudEvents types: the fact that happened, past tense, versioned. docs/events.md is the
 * catalogue; a breaking change to a payload is a new version, published alongside the old.
 */
public final class EventTypes {

    // Single Point of Access, topic referrals.v1, payload ServiceRequest
    public static final String REFERRAL_RECEIVED = "referral.received.v1";
    public static final String REFERRAL_TRIAGED = "referral.triaged.v1";
    public static final String REFERRAL_ACCEPTED = "referral.accepted.v1";
    public static final String REFERRAL_REDIRECTED = "referral.redirected.v1";
    public static final String REFERRAL_DECLINED = "referral.declined.v1";
    public static final String REFERRAL_COMPLETED = "referral.completed.v1";
    public static final String REFERRAL_CANCELLED = "referral.cancelled.v1";
    public static final String REFERRAL_ENTERED_IN_ERROR = "referral.entered-in-error.v1";
    /** Urgent community response: the first face-to-face contact stopped the 2-hour clock. */
    public static final String REFERRAL_CONTACT_RECORDED = "referral.contact-recorded.v1";
    /** Urgent community response: no face-to-face contact yet, 90 minutes after receipt. */
    public static final String REFERRAL_BREACH_RISK = "referral.ucr-breach-risk.v1";

    // One Team care plans, topic careplans.v1, payload CarePlan
    public static final String CAREPLAN_CREATED = "careplan.created.v1";
    public static final String CAREPLAN_UPDATED = "careplan.updated.v1";

    private EventTypes() {
    }
}
