package city.onetem.platform.fhir;

/**
 * Roles carried in the bearer token's groups claim. Coarse for now; care-relationship access
 * (a cluster team sees its cluster's people) comes with information governance.
 */
public final class Roles {

    /** A referring system or person: NHS 111, a GP practice, a hospital, a discharge hub. */
    public static final String REFERRER = "referrer";
    /** The SPA team who triage and route referrals. */
    public static final String SPA = "spa";
    /** A member of a neighbourhood cluster team: nurse, social worker, GP, therapist, navigator. */
    public static final String CARE_TEAM = "care-team";
    /** A hospital's discharge hub or its patient administration system's interface engine (ADT feeds). */
    public static final String DISCHARGE_HUB = "discharge-hub";
    /** A virtual ward's clinicians: consultant, advanced nurse practitioners, the ward's nurses. */
    public static final String VIRTUAL_WARD = "virtual-ward";
    /** The on-call engineer who reviews and replays parked events. */
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
