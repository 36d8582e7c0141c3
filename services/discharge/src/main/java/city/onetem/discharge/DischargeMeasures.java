package city.onetem.discharge;

import static city.onetem.platform.fhir.MeasureFigures.oneDecimal;
import static city.onetem.platform.fhir.MeasureFigures.ratio;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.SummaryReport;
import city.onetem.platform.store.NativeCounts;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Quantity;

/**
 * The measures the city tracks for discharge to assess, from this service's own data, as a FHIR
 * summary MeasureReport over a period (?periodStart=2026-11-01&periodEnd=2026-11-30, whole days in
 * the city's zone, inclusive; default the last 30 days): the pathway mix of discharges, delayed
 * days (total, by reason, per 100,000 population), hours from medically optimised to discharge,
 * assessments at home within 48 hours, reablement occupancy, waiting and outcomes, still at home 91
 * days after a discharge with reablement, and readmissions within 91 days (these two over the
 * discharges in the period). Each group's code names the measure.
 */
@Path("/fhir/Measure/d2a/$evaluate-measure")
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed({Roles.CARE_TEAM, Roles.SPA, Roles.DISCHARGE_HUB})
public class DischargeMeasures {

    public static final String MEASURE = "https://onetem.city/fhir/Measure/d2a";

    @Inject
    EntityManager entityManager;
    @Inject
    Reablement reablement;
    @Inject
    DischargeClock clock;
    @ConfigProperty(name = "onetem.city.population")
    long population;

    @Inject
    Caller caller;

    @GET
    public MeasureReport evaluate(@QueryParam("periodStart") String periodStart, @QueryParam("periodEnd") String periodEnd) {
        LocalDate to = SummaryReport.day("periodEnd", periodEnd, clock.today());
        LocalDate from = SummaryReport.day("periodStart", periodStart, to.minusDays(29));
        if (from.isAfter(to)) {
            throw FhirException.invalid("periodStart", "periodStart " + from + " is after periodEnd " + to);
        }
        Instant start = from.atStartOfDay(DischargeClock.CITY).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(DischargeClock.CITY).toInstant();
        // The discharge hub runs discharge to assess and sees every stay; anyone else reads the
        // city's figures with small numbers suppressed.
        SummaryReport report = new SummaryReport(MEASURE, start, end, !caller.hasRole(Roles.DISCHARGE_HUB));
        String discharged = " from hospital_stay where discharged_at >= ?1 and discharged_at < ?2 and admission_cancelled_at is null";

        MeasureReportGroupComponent mix = report.group("pathway-mix", "Discharges by discharge to assess pathway");
        report.population(mix, "initial-population", count("select count(*)" + discharged, start, end));
        report.stratify(mix, "pathway", rows("select coalesce(cast(pathway as text), 'none'), count(*)" + discharged
                + " group by 1 order by 1", start, end));

        long delayedDays = count("select count(*) from delay_day where day between ?1 and ?2", from, to);
        MeasureReportGroupComponent delays = report.group("delayed-days", "Days in hospital after medically optimised");
        report.countScore(delays, delayedDays, "d");
        report.stratify(delays, "reason", rows("select reason, count(*) from delay_day where day between ?1 and ?2 "
                + "group by 1 order by 1", from, to));
        report.score(report.group("delayed-days-per-100000", "Delayed days per 100,000 population (" + population + ")"),
                new Quantity(ratio(delayedDays * 100_000, population)), delayedDays);

        Object[] waited = (Object[]) entityManager.createNativeQuery("select count(*), percentile_cont(0.5) within "
                + "group (order by extract(epoch from discharged_at - medically_optimised) / 3600)" + discharged
                + " and medically_optimised is not null").setParameter(1, start).setParameter(2, end).getSingleResult();
        MeasureReportGroupComponent optimisedToDischarge = report.group("optimised-to-discharge-hours",
                "Median hours from medically optimised to discharge");
        long waitedStays = ((Number) waited[0]).longValue();
        report.population(optimisedToDischarge, "initial-population", waitedStays);
        if (waited[1] != null) {
            report.score(optimisedToDischarge, new Quantity(oneDecimal(((Number) waited[1]).doubleValue())).setUnit("h"),
                    waitedStays);
        }

        report.proportion("assessed-at-home-within-48-hours", "Pathway 1 discharges assessed at home within 48 hours",
                count("select count(*)" + discharged + " and pathway = 1", start, end),
                count("select count(*)" + discharged + " and pathway = 1 and assessed_at_home_at <= discharged_at + "
                        + "interval '48 hours'", start, end));

        MeasureReportGroupComponent occupancy = report.group("reablement-occupancy",
                "Reablement places held now (offered or under way) of the capacity");
        long held = reablement.held();
        report.population(occupancy, "numerator", held);
        // The capacity is the service's places, not people: never suppressed.
        report.places(occupancy, "denominator", reablement.capacity());
        report.score(occupancy, new Quantity(ratio(held * 100, reablement.capacity())).setUnit("%"), held);
        report.countScore(report.group("reablement-waiting", "People in hospital waiting for a reablement place now"),
                reablement.waiting(), null);

        String ended = " from hospital_stay where reablement_ended_at >= ?1 and reablement_ended_at < ?2";
        MeasureReportGroupComponent outcomes = report.proportion("reablement-no-ongoing-care",
                "Reablement ended in the period with no ongoing care needed (the city reports 31%)",
                count("select count(*)" + ended, start, end),
                count("select count(*)" + ended + " and reablement_outcome = 'no-ongoing-care'", start, end));
        report.stratify(outcomes, "outcome", rows("select reablement_outcome, count(*)" + ended + " group by 1 order by 1",
                start, end));

        String checked = discharged + " and home_checked_at is not null";
        report.proportion("at-home-91-days", "Of the people discharged in the period with reablement and checked 91 "
                        + "days later, those still at home",
                count("select count(*)" + checked, start, end),
                count("select count(*)" + checked + " and home_check_outcome = 'at-home'", start, end));

        report.proportion("readmitted-within-91-days", "Discharges followed by a readmission within 91 days",
                count("select count(*)" + discharged, start, end),
                count("select count(*)" + discharged + " and exists (select 1 from hospital_stay r where "
                        + "r.readmission_of = hospital_stay.id and r.admission_cancelled_at is null)", start, end));
        return report.report();
    }

    private long count(String sql, Object first, Object second) {
        return NativeCounts.count(entityManager, sql, first, second);
    }

    private List<Object[]> rows(String sql, Object first, Object second) {
        return NativeCounts.rows(entityManager, sql, first, second);
    }
}
