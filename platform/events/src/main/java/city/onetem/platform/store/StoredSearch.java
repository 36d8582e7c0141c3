package city.onetem.platform.store;

import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.InstantParam;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.PatientSearch;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A FHIR search over {@link VersionedResource} rows: the parameters every resource here has
 * (the person, status, _lastUpdated, _count, _offset for the next page; _format and _pretty,
 * which change nothing in JSON) read and checked once, plus the conditions a resource adds. An unsupported parameter is a 400 naming the supported ones, never silently
 * ignored: ignoring it would return more people's records than the caller asked for.
 */
public final class StoredSearch {

    private static final int DEFAULT_COUNT = 50;
    private static final int MAX_COUNT = 500;

    private final MultivaluedMap<String, String> query;
    private final List<String> where = new ArrayList<>();
    private final Parameters values = new Parameters();
    private final NhsNumber person;
    private int count = DEFAULT_COUNT;
    private int offset;

    /**
     * Reads the common parameters; {@code own} names the parameters the resource handles itself
     * (including status, where a resource gives it a meaning of its own).
     */
    public StoredSearch(MultivaluedMap<String, String> query, Set<String> own) {
        this.query = query;
        Set<String> supported = new TreeSet<>(PatientSearch.PARAMETERS);
        supported.addAll(List.of("status", "_lastUpdated", "_count", "_offset", "_format", "_pretty"));
        supported.addAll(own);
        for (String name : query.keySet()) {
            if (!supported.contains(name)) {
                throw FhirException.invalid(name, "Search parameter '" + name + "' is not supported here; use "
                        + String.join(", ", supported));
            }
        }
        person = PatientSearch.nhsNumber(query);
        if (person != null) {
            where("nhsNumber = :nhs", "nhs", person.value());
        }
        if (query.getFirst("status") != null && !own.contains("status")) {
            where("status = :status", "status", query.getFirst("status"));
        }
        List<String> updated = query.getOrDefault("_lastUpdated", List.of());
        for (int i = 0; i < updated.size(); i++) {
            InstantParam when = InstantParam.parse("_lastUpdated", updated.get(i));
            where("lastUpdated " + when.operator() + " :updated" + i, "updated" + i, when.instant());
        }
        if (query.getFirst("_count") != null) {
            try {
                count = Math.min(Math.max(Integer.parseInt(query.getFirst("_count")), 1), MAX_COUNT);
            } catch (NumberFormatException e) {
                throw FhirException.invalid("_count", "_count is a number of results, at most " + MAX_COUNT);
            }
        }
        if (query.getFirst("_offset") != null) {
            try {
                offset = Integer.parseInt(query.getFirst("_offset"));
            } catch (NumberFormatException e) {
                offset = -1;
            }
            if (offset < 0) {
                throw FhirException.invalid("_offset", "_offset is how many results to skip (0 or more): follow the "
                        + "search Bundle's next link rather than making one");
            }
        }
    }

    /** The person searched for, or null. */
    public NhsNumber person() {
        return person;
    }

    /** The value of a parameter the resource handles itself, or null. */
    public String value(String name) {
        return query.getFirst(name);
    }

    /** Adds a condition on the row, e.g. {@code cluster = :cluster}. */
    public StoredSearch where(String condition, String name, Object value) {
        where.add(condition);
        values.and(name, value);
        return this;
    }

    /** A condition with no value of its own, or whose values are bound with {@link #bind}. */
    public StoredSearch where(String condition) {
        where.add(condition);
        return this;
    }

    /** Binds a parameter that the resource's own ordering uses, or a condition's. */
    public StoredSearch bind(String name, Object value) {
        values.and(name, value);
        return this;
    }

    /** A 400 with this hint unless something narrows the search: nobody browses every record. */
    public StoredSearch requireCriteria(String hint) {
        if (where.isEmpty()) {
            throw FhirException.badRequest(hint);
        }
        return this;
    }

    /** The JPQL conditions for the matching rows (all rows when nothing narrows the search). */
    public String conditions() {
        return where.isEmpty() ? "1 = 1" : String.join(" and ", where);
    }

    /** The JPQL for the matching rows, newest change first. */
    public String jpql() {
        return conditions() + " order by lastUpdated desc";
    }

    public Parameters parameters() {
        return values;
    }

    /** How many results to return (_count, default 50, at most 500). */
    public int count() {
        return count;
    }

    /** How many results to skip (_offset): the pages before this one. */
    public int offset() {
        return offset;
    }

    /**
     * This page's rows of the query, and one more if there is one, which tells
     * {@link Bundles#searchSet(Class, String, jakarta.ws.rs.core.UriInfo, StoredSearch, List)} to link a next page.
     */
    public <E> List<E> page(PanacheQuery<E> query) {
        List<E> rows = query.range(offset, offset + count).list();
        for (E row : rows) {
            if (row instanceof VersionedResource found) {
                AuditTrail.about(found.nhsNumber);
            }
        }
        return rows;
    }
}
