package city.onetem.referrals;

import static city.onetem.platform.fhir.MeasureFigures.oneDecimal;
import static city.onetem.platform.fhir.MeasureFigures.ratio;

import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.FhirException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measures the city tracks from the SPA's own data, over referrals received in a period
 * (?from=2026-11-01&to=2026-11-30, dates inclusive, UTC; default the last 30 days).
 * JSON, documented in docs/api.md.
 */
@Path("/spa/measures")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SPA)
public class SpaMeasures {

    /** The national threshold for urgent community response seen within 2 hours. */
    static final double NATIONAL_THRESHOLD_PERCENT = 70.0;

    public record Period(LocalDate from, LocalDate to) {
    }

    /** byRequestType: BaRS validation requests (a 111/999 disposition to validate) apart from referrals. */
    public record ReferralCounts(Period period, long total, Map<String, Long> bySource, Map<String, Long> byCluster,
            Map<String, Long> byState, Map<String, Long> byRequestType, TimeToTriage timeToTriage) {
    }

    public record TimeToTriage(long triaged, Double medianMinutes, Double p90Minutes) {
    }

    public record Performance(long seen, long withinTwoHours, Double percentWithinTwoHours) {
    }

    public record UrgentResponse(Period period, long referrals, long awaitingFirstContact, Performance overall,
            double nationalThresholdPercent, Map<String, Performance> byCluster, Map<String, Performance> byAgeBand) {
    }

    @Inject
    EntityManager entityManager;

    @GET
    @Path("referrals")
    public ReferralCounts referrals(@QueryParam("from") String from, @QueryParam("to") String to) {
        Period period = period(from, to);
        Object[] triage = (Object[]) query("""
                select count(triaged_at),
                       percentile_cont(0.5) within group (order by extract(epoch from triaged_at - received_at) / 60),
                       percentile_cont(0.9) within group (order by extract(epoch from triaged_at - received_at) / 60)
                from referral where received_at >= ?1 and received_at < ?2 and triaged_at is not null""", period)
                .get(0);
        return new ReferralCounts(period, count("1 = 1", period), groupCount("source", period),
                groupCount("coalesce(cluster, 'unrouted')", period), groupCount("state", period),
                byRequestType(period), new TimeToTriage(((Number) triage[0]).longValue(), oneDecimal(triage[1]), oneDecimal(triage[2])));
    }

    @GET
    @Path("urgent-community-response")
    public UrgentResponse urgentResponse(@QueryParam("from") String from, @QueryParam("to") String to) {
        Period period = period(from, to);
        String ucr = "priority = 'ucr-2-hour'";
        return new UrgentResponse(period, count(ucr, period),
                count(ucr + " and first_contact_at is null and state in ('received', 'triaged', 'accepted')", period),
                performance(period, "'all'").getOrDefault("all", new Performance(0, 0, null)),
                NATIONAL_THRESHOLD_PERCENT,
                performance(period, "coalesce(cluster, 'unrouted')"),
                performance(period, """
                        case when birth_date is null then 'unknown'
                             when age(received_at::date, birth_date) < interval '18 years' then '0-17'
                             when age(received_at::date, birth_date) < interval '65 years' then '18-64'
                             when age(received_at::date, birth_date) < interval '75 years' then '65-74'
                             when age(received_at::date, birth_date) < interval '85 years' then '75-84'
                             else '85+' end"""));
    }

    /** Both kinds always present, so a dashboard need not guess whether a missing one means none. */
    private Map<String, Long> byRequestType(Period period) {
        Map<String, Long> result = new LinkedHashMap<>();
        result.put("referral", 0L);
        result.put("validation", 0L);
        result.putAll(groupCount("case when validation then 'validation' else 'referral' end", period));
        return result;
    }

    private Map<String, Performance> performance(Period period, String groupBy) {
        Map<String, Performance> result = new LinkedHashMap<>();
        for (Object row : query("select " + groupBy + " as g, count(*), count(*) filter (where first_contact_at - "
                + "received_at <= interval '2 hours') from referral where priority = 'ucr-2-hour' and "
                + "first_contact_at is not null and received_at >= ?1 and received_at < ?2 group by g order by g",
                period)) {
            Object[] columns = (Object[]) row;
            long seen = ((Number) columns[1]).longValue();
            long within = ((Number) columns[2]).longValue();
            result.put(columns[0].toString(), new Performance(seen, within,
                    seen == 0 ? null : ratio(within * 100, seen)));
        }
        return result;
    }

    private Map<String, Long> groupCount(String expression, Period period) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (Object row : query("select " + expression + " as g, count(*) from referral where received_at >= ?1 "
                + "and received_at < ?2 group by g order by g", period)) {
            Object[] columns = (Object[]) row;
            result.put(String.valueOf(columns[0]), ((Number) columns[1]).longValue());
        }
        return result;
    }

    private long count(String where, Period period) {
        return ((Number) query("select count(*) from referral where " + where
                + " and received_at >= ?1 and received_at < ?2", period).get(0)).longValue();
    }

    @SuppressWarnings("unchecked")
    private List<Object> query(String sql, Period period) {
        return entityManager.createNativeQuery(sql)
                .setParameter(1, period.from().atStartOfDay().toInstant(ZoneOffset.UTC))
                .setParameter(2, period.to().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                .getResultList();
    }

    private static Period period(String from, String to) {
        try {
            LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(to);
            LocalDate start = from == null ? end.minusDays(29) : LocalDate.parse(from);
            if (start.isAfter(end)) {
                throw FhirException.invalid("from", "from (" + start + ") is after to (" + end + ")");
            }
            return new Period(start, end);
        } catch (DateTimeParseException e) {
            throw FhirException.invalid("from", "Dates are YYYY-MM-DD: " + e.getParsedString());
        }
    }
}
