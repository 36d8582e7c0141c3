package city.onetem.platform.events;

/**
 * CloudEvents types: the fact that happened, past tense, versioned. docs/events.md is the
 * catalogue; a breaking change to a payload is a new version, published alongside the old.
 */
public final class EventTypes {

    // Any service, topic access.v1, payload AuditEvent (DICOM 110127 Emergency Override Started)
    /** A clinician took emergency access to a person outside their care relationship, with a reason. */
    public static final String ACCESS_BREAK_GLASS = "access.break-glass.v1";

    // Single Point of Access, topic referrals.v1, payload ServiceRequest
    public static final String REFERRAL_RECEIVED = "referral.received.v1";
    public static final String REFERRAL_TRIAGED = "referral.triaged.v1";
    public static final String REFERRAL_ACCEPTED = "referral.accepted.v1";
    public static final String REFERRAL_REDIRECTED = "referral.redirected.v1";
    public static final String REFERRAL_DECLINED = "referral.declined.v1";
    public static final String REFERRAL_COMPLETED = "referral.completed.v1";
    public static final String REFERRAL_CANCELLED = "referral.cancelled.v1";
    public static final String REFERRAL_ENTERED_IN_ERROR = "referral.entered-in-error.v1";
    /** The referrer sent an update (BaRS reason update): what the referral says changed, not its state. */
    public static final String REFERRAL_AMENDED = "referral.amended.v1";
    /** Urgent community response: the first face-to-face contact stopped the 2-hour clock. */
    public static final String REFERRAL_CONTACT_RECORDED = "referral.contact-recorded.v1";
    /** Urgent community response: no face-to-face contact yet, 90 minutes after receipt. */
    public static final String REFERRAL_BREACH_RISK = "referral.ucr-breach-risk.v1";

    // Discharge to assess, topic discharges.v1, payload Encounter (the hospital stay)
    public static final String DISCHARGE_ADMITTED = "discharge.admitted.v1";
    /** Admitted within 91 days of a discharge: extension CareEventContract.READMISSION_OF names the earlier stay. */
    public static final String DISCHARGE_READMITTED = "discharge.readmitted.v1";
    /** No longer meets the criteria to reside; no pathway yet (extension CareEventContract.MEDICALLY_OPTIMISED_EXTENSION). */
    public static final String DISCHARGE_MEDICALLY_OPTIMISED = "discharge.medically-optimised.v1";
    /** Another day in hospital after medically optimised (daily while delayed): extension CareEventContract.DELAY_EXTENSION. */
    public static final String DISCHARGE_DELAYED = "discharge.delayed.v1";
    /** The person is medically optimised and has a D2A pathway (extension DischargeContract.PATHWAY_EXTENSION). */
    public static final String DISCHARGE_PATHWAY_ASSIGNED = "discharge.pathway-assigned.v1";
    /** Left hospital: period.end, and the pathway when one was assigned (a simple discharge has none). */
    public static final String DISCHARGE_DISCHARGED = "discharge.discharged.v1";
    /** Reablement at home began (pathway 1, on discharge with a place): extension CareEventContract.REABLEMENT_EXTENSION. */
    public static final String DISCHARGE_REABLEMENT_STARTED = "discharge.reablement-started.v1";
    /** Reablement ended, with its outcome (extension CareEventContract.REABLEMENT_EXTENSION). */
    public static final String DISCHARGE_REABLEMENT_ENDED = "discharge.reablement-ended.v1";
    /** Correction: the admission was cancelled (HL7 v2 A11), status entered-in-error; the stay is withdrawn. */
    public static final String DISCHARGE_ADMISSION_CANCELLED = "discharge.admission-cancelled.v1";
    /** Correction: the discharge was cancelled (HL7 v2 A13); the person is still in hospital. */
    public static final String DISCHARGE_DISCHARGE_CANCELLED = "discharge.discharge-cancelled.v1";

    // Virtual ward, topic virtualward.v1: EpisodeOfCare for a stay, Observation (NEWS2) for an escalation
    public static final String VIRTUALWARD_ADMITTED = "virtualward.admitted.v1";
    /** A reading (Observation) from monitoring kit or staff. */
    public static final String VIRTUALWARD_OBSERVATION_RECORDED = "virtualward.observation-recorded.v1";
    /** A complete set scored: the NEWS2 Observation, its risk in extension NEWS2_RISK_EXTENSION. */
    public static final String VIRTUALWARD_NEWS2_SCORED = "virtualward.news2-scored.v1";
    public static final String VIRTUALWARD_ESCALATED = "virtualward.escalated.v1";
    /** A clinician acknowledged an escalation: its Flag, extension escalation (acknowledged by, at). */
    public static final String VIRTUALWARD_ESCALATION_ACKNOWLEDGED = "virtualward.escalation-acknowledged.v1";
    public static final String VIRTUALWARD_DISCHARGED = "virtualward.discharged.v1";
    /** No complete set of readings within the monitoring plan's interval: the alert's Flag. */
    public static final String VIRTUALWARD_READING_MISSED = "virtualward.reading-missed.v1";

    // One Team care plans, topic careplans.v1, payload CarePlan
    public static final String CAREPLAN_CREATED = "careplan.created.v1";
    public static final String CAREPLAN_UPDATED = "careplan.updated.v1";
    // ... and Task, for the activities on a plan
    public static final String TASK_CREATED = "task.created.v1";
    public static final String TASK_UPDATED = "task.updated.v1";
    // ... the care team (CareTeam), goals (Goal) and the common trusted assessment (QuestionnaireResponse)
    public static final String CARETEAM_CREATED = "careteam.created.v1";
    public static final String CARETEAM_UPDATED = "careteam.updated.v1";
    public static final String GOAL_CREATED = "goal.created.v1";
    public static final String GOAL_UPDATED = "goal.updated.v1";
    public static final String ASSESSMENT_RECORDED = "assessment.recorded.v1";
    public static final String ASSESSMENT_UPDATED = "assessment.updated.v1";
    // ... and a person's objection to sharing their record (Consent, provision deny)
    public static final String CONSENT_CREATED = "consent.created.v1";
    public static final String CONSENT_UPDATED = "consent.updated.v1";

    // Who may see whom, topic relationships.v1, payload CarePlan (id, version, status, person,
    // holding team and objections in force only), when one of those changes
    public static final String CAREPLAN_RELATIONSHIPS = "careplan.relationships.v1";

    private EventTypes() {
    }
}
