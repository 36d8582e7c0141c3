package city.onetem.platform.access;

import java.util.Set;

/**
 * The roles here. A token's claims (CIS2 national RBAC codes, a council's groups, a system's
 * client id) are mapped to them per issuer by configuration ({@link TokenIssuers}); see
 * docs/security.md for who each role is and what it may do.
 */
public final class Roles {

    /** A district or community nurse in a neighbourhood cluster team. */
    public static final String COMMUNITY_NURSE = "community-nurse";
    /** An adult social care worker in a cluster team. */
    public static final String SOCIAL_WORKER = "social-worker";
    /** A GP working with a cluster team. */
    public static final String GP = "gp";
    /** A community mental health practitioner in a cluster team. */
    public static final String MENTAL_HEALTH = "mental-health-practitioner";
    /** A voluntary sector worker (care navigator, link worker) in a cluster team. */
    public static final String VOLUNTARY_SECTOR = "voluntary-sector-worker";
    /** The SPA team who triage and route referrals. */
    public static final String SPA = "spa-coordinator";
    /** A virtual ward's clinicians: consultant, advanced nurse practitioners, the ward's nurses. */
    public static final String VIRTUAL_WARD = "virtual-ward-clinician";
    /** A hospital's discharge hub or its patient administration system's interface engine (ADT feeds). */
    public static final String DISCHARGE_HUB = "discharge-hub";
    /** A referring system: NHS 111, a GP practice's system, a hospital's referral system. */
    public static final String REFERRER = "referring-system";
    /** A remote monitoring kit or its supplier's platform, posting readings. */
    public static final String MONITORING_DEVICE = "monitoring-device";
    /** A privacy officer or auditor: reads the audit trail, reviews break-glass access. */
    public static final String AUDITOR = "auditor";
    /** The on-call engineer: health details, parked events and their replay. */
    public static final String OPERATOR = "service-administrator";

    /**
     * Not in any token: given with each cluster team role below, for the endpoints every member of
     * a cluster team uses alike.
     */
    public static final String CARE_TEAM = "care-team";

    /** The roles of a neighbourhood cluster team's members. */
    public static final Set<String> CLUSTER_TEAM = Set.of(COMMUNITY_NURSE, SOCIAL_WORKER, GP, MENTAL_HEALTH,
            VOLUNTARY_SECTOR);

    /** Every role a token's claims can map to. */
    public static final Set<String> ALL = Set.of(COMMUNITY_NURSE, SOCIAL_WORKER, GP, MENTAL_HEALTH, VOLUNTARY_SECTOR,
            SPA, VIRTUAL_WARD, DISCHARGE_HUB, REFERRER, MONITORING_DEVICE, AUDITOR, OPERATOR);

    private Roles() {
    }
}
