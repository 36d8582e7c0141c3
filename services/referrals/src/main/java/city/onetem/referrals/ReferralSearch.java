package city.onetem.referrals;

import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.InstantParam;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.PatientSearch;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ServiceRequest search: by patient, status (FHIR status or SPA state), cluster, source,
 * priority and _lastUpdated, and the SPA's work queues as named queries (_query=untriaged,
 * unrouted, at-risk), most urgent then oldest first.
 */
final class ReferralSearch {

    static final Set<String> PARAMETERS = Set.of("patient.identifier", "patient:identifier", "subject:identifier",
            "status", "cluster", "source", "priority", "_lastUpdated", "_count", "_query");
    private static final int DEFAULT_COUNT = 50;
    private static final int MAX_COUNT = 500;
    /** Most urgent first: the enum's order is ucr-2-hour, same-day, routine. */
    private static final String BY_URGENCY_THEN_AGE = " order by case when priority = :rankFirst then 0 "
            + "when priority = :rankSecond then 1 else 2 end, receivedAt";

    private final List<String> where = new ArrayList<>();
    private final Parameters values = new Parameters();
    private String order = " order by lastUpdated desc";
    private int count = DEFAULT_COUNT;

    static List<Referral> run(MultivaluedMap<String, String> query, Instant atRiskSince) {
        ReferralSearch search = new ReferralSearch();
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw FhirException.invalid(name, "Search parameter '" + name + "' is not supported; use "
                        + String.join(", ", new java.util.TreeSet<>(PARAMETERS)));
            }
        }
        NhsNumber person = PatientSearch.nhsNumber(query);
        if (person != null) {
            search.add("nhsNumber = :nhs", "nhs", person.value());
        }
        search.status(query.getFirst("status"));
        if (query.getFirst("cluster") != null) {
            search.add("cluster = :cluster", "cluster", query.getFirst("cluster"));
        }
        if (query.getFirst("source") != null) {
            search.add("source = :source", "source", code(ReferralSource.class, "source", query.getFirst("source")));
        }
        if (query.getFirst("priority") != null) {
            search.add("priority = :priority", "priority",
                    code(ReferralPriority.class, "priority", query.getFirst("priority")));
        }
        List<String> lastUpdated = query.get("_lastUpdated");
        for (int i = 0; lastUpdated != null && i < lastUpdated.size(); i++) {
            search.lastUpdated(lastUpdated.get(i), i);
        }
        if (query.getFirst("_query") != null) {
            search.queue(query.getFirst("_query"), atRiskSince);
        }
        if (query.getFirst("_count") != null) {
            search.count(query.getFirst("_count"));
        }
        String where = search.where.isEmpty() ? "1 = 1" : String.join(" and ", search.where);
        return Referral.<Referral>find(where + search.order, search.values).page(Page.ofSize(search.count)).list();
    }

    private void add(String condition, String name, Object value) {
        where.add(condition);
        values.and(name, value);
    }

    private void status(String status) {
        if (status == null) {
            return;
        }
        CodedValue.byCode(ReferralState.class, status).ifPresentOrElse(
                state -> add("state = :state", "state", state),
                () -> add("status = :status", "status", status));
    }

    private void queue(String name, Instant atRiskSince) {
        order = BY_URGENCY_THEN_AGE;
        values.and("rankFirst", ReferralPriority.UCR_2_HOUR).and("rankSecond", ReferralPriority.SAME_DAY);
        switch (name) {
            case "untriaged" -> add("state = :queueState", "queueState", ReferralState.RECEIVED);
            case "unrouted" -> {
                where.add("cluster is null");
                add("state in :queueStates", "queueStates", ReferralState.open());
            }
            case "at-risk" -> {
                add("priority = :ucr", "ucr", ReferralPriority.UCR_2_HOUR);
                add("firstContactAt is null and receivedAt <= :atRisk", "atRisk", atRiskSince);
                add("state in :queueStates", "queueStates", ReferralState.open());
            }
            default -> throw FhirException.invalid("_query", "No work queue '" + name
                    + "'; the queues are untriaged, unrouted and at-risk");
        }
    }

    private void lastUpdated(String value, int index) {
        InstantParam when = InstantParam.parse("_lastUpdated", value);
        add("lastUpdated " + when.operator() + " :updated" + index, "updated" + index, when.instant());
    }

    private void count(String value) {
        try {
            count = Math.min(Math.max(Integer.parseInt(value), 1), MAX_COUNT);
        } catch (NumberFormatException e) {
            throw FhirException.invalid("_count", "_count is a number of results, at most " + MAX_COUNT);
        }
    }

    private static <E extends Enum<E> & CodedValue> E code(Class<E> type, String parameter, String value) {
        return CodedValue.byCode(type, value).orElseThrow(() -> FhirException.invalid(parameter,
                "'" + value + "' is not a " + parameter + " code"));
    }
}
