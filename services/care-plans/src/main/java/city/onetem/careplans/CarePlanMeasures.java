package city.onetem.careplans;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.fhir.SmallNumbers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The measures the city tracks from care plans, as they stand today, for the city or one
 * cluster (?cluster=east): people with a shared plan (and their share of the population; the aim
 * is 2%), anticipatory care plans in date, people on the end of life register, carers identified.
 * A team's own figures are shown whole; the city's or another team's have their small numbers
 * suppressed (null), since they count people the reader has no relationship with. JSON,
 * documented in docs/api.md.
 */
@jakarta.ws.rs.Path("/careplans/measures")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CARE_TEAM)
public class CarePlanMeasures {

    static final double AIM_PERCENT = 2.0;

    public record Measures(LocalDate on, String cluster, boolean smallNumbersSuppressed, Long activePlans,
            long population, Double percentOfPopulation, double aimPercent, AnticipatoryCare anticipatoryCare,
            Long endOfLifeRegister, Long carersIdentified, Map<String, Long> activePlansByCluster) {
    }

    /** Active plans with an anticipatory care plan; in date until the review date has passed. */
    public record AnticipatoryCare(Long plans, Long inDate, Long overdue) {
    }

    @Inject
    EntityManager entityManager;
    @Inject
    Caller caller;
    @ConfigProperty(name = "onetem.city.population")
    long population;

    @GET
    public Measures measures(@QueryParam("cluster") String cluster) {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
        String scope = cluster == null ? "" : " and c.cluster = :cluster";
        Object[] plans = (Object[]) query("""
                select count(*), count(c.anticipatory_review), count(*) filter (where c.anticipatory_review >= :today),
                       count(*) filter (where c.end_of_life_register)
                from care_plan c where c.status = 'active'""" + scope, cluster, today).getSingleResult();
        Number carers = (Number) query("""
                select count(*) from plan_part p join care_plan c on c.id = p.care_plan_id,
                       jsonb_array_elements(p.resource::jsonb -> 'participant') participant
                where p.resource_type = 'CareTeam' and p.status = 'active' and c.status = 'active'
                  and participant @> cast(:carer as jsonb)""" + scope, cluster, null)
                .setParameter("carer", "{\"role\":[{\"coding\":[{\"system\":\"" + CarePlanContract.CARE_TEAM_ROLE_SYSTEM
                        + "\",\"code\":\"" + CarePlanContract.CARER + "\"}]}]}")
                .getSingleResult();
        boolean suppressed = cluster == null || !caller.teams().contains(cluster);
        LongFunction<Long> shown = count -> suppressed ? SmallNumbers.shown(count) : Long.valueOf(count);
        Map<String, Long> byCluster = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query("""
                select coalesce(c.cluster, 'none'), count(*) from care_plan c where c.status = 'active'""" + scope
                + " group by 1 order by 1", cluster, null).getResultList();
        rows.forEach(row -> byCluster.put((String) row[0], shown.apply(((Number) row[1]).longValue())));

        long active = ((Number) plans[0]).longValue();
        long withAnticipatory = ((Number) plans[1]).longValue();
        long inDate = ((Number) plans[2]).longValue();
        Double percent = suppressed && SmallNumbers.suppressed(active) ? null
                : Math.round(active * 100_000.0 / population) / 1000.0;
        return new Measures(today, cluster, suppressed, shown.apply(active), population, percent, AIM_PERCENT,
                new AnticipatoryCare(shown.apply(withAnticipatory), shown.apply(inDate),
                        shown.apply(withAnticipatory - inDate)),
                shown.apply(((Number) plans[3]).longValue()), shown.apply(carers.longValue()), byCluster);
    }

    private jakarta.persistence.Query query(String sql, String cluster, LocalDate today) {
        jakarta.persistence.Query query = entityManager.createNativeQuery(sql);
        if (cluster != null) {
            query.setParameter("cluster", cluster);
        }
        if (today != null) {
            query.setParameter("today", today);
        }
        return query;
    }
}
