package city.onetem.platform.events;

/**
 * What a referral event's ServiceRequest carries beyond base FHIR, for the services that consume
 * it: the SPA's state of the referral, the routed cluster, and how other resources point to it.
 */
public final class ReferralContract {

    /** Extension (valueCode): received, triaged, accepted, redirected, declined, completed, cancelled, entered-in-error. */
    public static final String STATE_EXTENSION = "https://onetem.city/fhir/StructureDefinition/referral-state";
    /** Identifier system of a referral (its id in the SPA), for references from other services. */
    public static final String REFERRAL_ID_SYSTEM = "https://onetem.city/Id/referral";
    /** Identifier system of a cluster, on ServiceRequest.performer once routed. */
    public static final String CLUSTER_SYSTEM = "https://onetem.city/Id/cluster";

    private ReferralContract() {
    }
}
