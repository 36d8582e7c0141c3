package city.onetem.careplans;

import city.onetem.platform.events.ReferralContract;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import java.util.HashSet;
import java.util.Set;

/**
 * What a stream follows: the plans of one cluster, or of one person, or all plans. A change is
 * for a cluster or a person when the published resource names them by identifier (the plan's
 * cluster extension or a care team member; the subject's NHS number).
 */
record Following(String concern) {

    static final Following ALL = new Following(null);

    static Following of(String cluster, NhsNumber person) {
        if (cluster != null && person != null) {
            throw FhirException.badRequest("Follow a cluster or a person, not both");
        }
        if (cluster != null) {
            return new Following(key(ReferralContract.CLUSTER_SYSTEM, cluster));
        }
        return person == null ? ALL : new Following(key(NhsNumber.SYSTEM, person.value()));
    }

    boolean includes(CarePlanChange change) {
        return concern == null || change.concerns().contains(concern);
    }

    /** The clusters and people a published resource names, as the keys a Following compares. */
    static Set<String> concernsOf(String json) {
        Set<String> concerns = new HashSet<>();
        collect(json, ReferralContract.CLUSTER_SYSTEM, concerns);
        collect(json, NhsNumber.SYSTEM, concerns);
        return Set.copyOf(concerns);
    }

    /** Every identifier value of this system, as the JSON encoder writes identifiers: system, then value. */
    private static void collect(String json, String system, Set<String> into) {
        String marker = "\"" + system + "\",\"value\":\"";
        for (int at = json.indexOf(marker); at >= 0; at = json.indexOf(marker, at)) {
            int start = at + marker.length();
            int end = json.indexOf('"', start);
            if (end < 0) {
                return;
            }
            into.add(key(system, json.substring(start, end)));
            at = end;
        }
    }

    private static String key(String system, String value) {
        return system + "|" + value;
    }
}
