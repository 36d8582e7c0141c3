package city.onetem.referrals;

import city.onetem.platform.fhir.CodedValue;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.store.StoredSearch;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * ServiceRequest search: by patient, status (FHIR status or SPA state), cluster, source,
 * priority, the referrer's identifier and _lastUpdated, and the SPA's work queues as named queries
 * (_query=untriaged, to-categorise, trace, unrouted, at-risk, validation), most urgent then oldest
 * first. The parameters every resource shares are
 * read by the platform's {@link StoredSearch}.
 */
final class ReferralSearch {

    /** Most urgent first: the enum's order is ucr-2-hour, same-day, routine. */
    private static final String BY_URGENCY_THEN_AGE = " order by case when priority = :rankFirst then 0 "
            + "when priority = :rankSecond then 1 else 2 end, receivedAt";

    private ReferralSearch() {
    }

    /** One page of the matching referrals, and the search that found them (for the page's links). */
    record Found(StoredSearch search, List<Referral> rows) {
    }

    /** {@code restrict} narrows the search to what the caller may see, before anything is counted. */
    static Found run(MultivaluedMap<String, String> query, Instant atRiskSince, Consumer<StoredSearch> restrict) {
        StoredSearch search = new StoredSearch(query, Set.of("status", "cluster", "source", "priority", "identifier",
                "_query"));
        restrict.accept(search);
        status(search, search.value("status"));
        if (search.value("cluster") != null) {
            search.where("cluster = :cluster", "cluster", search.value("cluster"));
        }
        if (search.value("source") != null) {
            search.where("source = :source", "source", code(ReferralSource.class, "source", search.value("source")));
        }
        if (search.value("priority") != null) {
            search.where("priority = :priority", "priority",
                    code(ReferralPriority.class, "priority", search.value("priority")));
        }
        if (search.value("identifier") != null) {
            String token = search.value("identifier");
            int bar = token.indexOf('|');
            if (bar <= 0) {
                throw FhirException.invalid("identifier", "Search by identifier=system|value: the referrer's own "
                        + "identifier, with its system");
            }
            search.where("id in (select i.referralId from ReferralIdentifier i where i.system = :idSystem "
                    + "and i.value = :idValue)", "idSystem", token.substring(0, bar))
                    .bind("idValue", token.substring(bar + 1));
        }
        String order = " order by lastUpdated desc";
        if (search.value("_query") != null) {
            queue(search, search.value("_query"), atRiskSince);
            order = BY_URGENCY_THEN_AGE;
        }
        return new Found(search, search.page(Referral.<Referral>find(search.conditions() + order, search.parameters())));
    }

    /** A referral's status is its SPA state (received, triaged, ...) or, failing that, its FHIR status. */
    private static void status(StoredSearch search, String status) {
        if (status == null) {
            return;
        }
        CodedValue.byCode(ReferralState.class, status).ifPresentOrElse(
                state -> search.where("state = :state", "state", state),
                () -> search.where("status = :status", "status", status));
    }

    private static void queue(StoredSearch search, String name, Instant atRiskSince) {
        search.bind("rankFirst", ReferralPriority.UCR_2_HOUR).bind("rankSecond", ReferralPriority.SAME_DAY);
        switch (name) {
            case "untriaged" -> search.where("state = :queueState", "queueState", ReferralState.RECEIVED);
            case "to-categorise" -> search.where("toCategorise is not null and state in :queueStates", "queueStates",
                    ReferralState.open());
            case "trace" -> search.where("nhsNumber is null and state in :queueStates", "queueStates",
                    ReferralState.open());
            case "unrouted" -> search.where("cluster is null and state in :queueStates", "queueStates",
                    ReferralState.open());
            case "at-risk" -> search.where("priority = :ucr", "ucr", ReferralPriority.UCR_2_HOUR)
                    .where("firstContactAt is null and receivedAt <= :atRisk", "atRisk", atRiskSince)
                    .where("state in :queueStates", "queueStates", ReferralState.open());
            // BaRS validation requests: a clinician validates a 111/999 disposition.
            case "validation" -> search.where("validation = true and state in :queueStates", "queueStates",
                    ReferralState.open());
            default -> throw FhirException.invalid("_query", "No work queue '" + name
                    + "'; the queues are untriaged, to-categorise, trace, unrouted, at-risk and validation");
        }
    }

    private static <E extends Enum<E> & CodedValue> E code(Class<E> type, String parameter, String value) {
        return CodedValue.byCode(type, value).orElseThrow(() -> FhirException.invalid(parameter,
                "'" + value + "' is not a " + parameter + " code"));
    }
}
