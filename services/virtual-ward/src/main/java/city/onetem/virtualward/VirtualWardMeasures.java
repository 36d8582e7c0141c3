package city.onetem.virtualward;

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
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Quantity;

/**
 * The virtual wards' measures as a FHIR summary MeasureReport over a period (?periodStart=
 * YYYY-MM-DD&periodEnd=YYYY-MM-DD, whole days in the city's zone, inclusive; default the last 30
 * days): occupancy by ward now, length of stay and outcomes of the stays that ended, escalations
 * by level and the time to acknowledge them, admissions avoided (step-up stays that ended at
 * home), and people served (the city reported about 360 in a year).
 */
@Path("/fhir/Measure/virtual-ward/$evaluate-measure")
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed({Roles.VIRTUAL_WARD, Roles.CARE_TEAM, Roles.SPA})
public class VirtualWardMeasures {

    public static final String MEASURE = "https://onetem.city/fhir/Measure/virtual-ward";
    private static final ZoneId CITY = ZoneId.of("Europe/London");

    @Inject
    EntityManager entityManager;
    @Inject
    Wards wards;

    @Inject
    Caller caller;

    @GET
    @Transactional
    public MeasureReport evaluate(@QueryParam("periodStart") String periodStart, @QueryParam("periodEnd") String periodEnd) {
        LocalDate to = SummaryReport.day("periodEnd", periodEnd, LocalDate.now(CITY));
        LocalDate from = SummaryReport.day("periodStart", periodStart, to.minusDays(29));
        if (from.isAfter(to)) {
            throw FhirException.invalid("periodStart", "periodStart " + from + " is after periodEnd " + to);
        }
        Instant start = from.atStartOfDay(CITY).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(CITY).toInstant();
        // The ward's clinicians see every person on it; anyone else reads its figures with small
        // numbers suppressed.
        SummaryReport report = new SummaryReport(MEASURE, start, end, !caller.hasRole(Roles.VIRTUAL_WARD));

        Map<String, Long> occupied = new TreeMap<>();
        wards.wards().keySet().forEach(ward -> occupied.put(ward, 0L));
        rows("select ward, count(*) from ward_stay where status = 'active' group by ward").forEach(row ->
                occupied.put((String) row[0], ((Number) row[1]).longValue()));
        long beds = wards.wards().values().stream().mapToLong(Wards.Ward::beds).sum();
        long inUse = occupied.values().stream().mapToLong(Long::longValue).sum();
        MeasureReportGroupComponent occupancy = report.group("occupancy", "People on the virtual wards now, of their beds");
        report.population(occupancy, "numerator", inUse);
        report.places(occupancy, "denominator", beds);
        report.score(occupancy, new Quantity(ratio(inUse * 100, beds)).setUnit("%"), inUse);
        List<Object[]> byWard = new ArrayList<>();
        occupied.forEach((ward, people) -> byWard.add(new Object[] {ward, people}));
        report.stratify(occupancy, "ward", byWard);

        String ended = " from ward_stay where ended_at >= ?1 and ended_at < ?2";
        Object[] length = (Object[]) NativeCounts.rows(entityManager, "select count(*), avg(extract(epoch from ended_at "
                + "- started_at) / 86400)" + ended, start, end).get(0);
        MeasureReportGroupComponent stays = report.group("length-of-stay-days", "Mean length of the stays that ended");
        long endedStays = ((Number) length[0]).longValue();
        report.population(stays, "initial-population", endedStays);
        if (length[1] != null) {
            report.score(stays, new Quantity(oneDecimal(((Number) length[1]).doubleValue())).setUnit("d"), endedStays);
        }
        report.stratify(stays, "outcome", rows("select outcome, count(*)" + ended + " group by 1 order by 1",
                start, end));

        String raised = " from escalation where raised_at >= ?1 and raised_at < ?2";
        MeasureReportGroupComponent escalations = report.group("escalations", "NEWS2 escalations raised");
        report.population(escalations, "initial-population", count("select count(*)" + raised, start, end));
        report.stratify(escalations, "level", rows("select level, count(*)" + raised + " group by 1 order by 1",
                start, end));
        Object[] acknowledged = (Object[]) NativeCounts.rows(entityManager, "select count(*), avg(extract(epoch from "
                + "acknowledged_at - raised_at) / 60)" + raised + " and acknowledged_at is not null", start, end).get(0);
        MeasureReportGroupComponent toAcknowledge = report.group("time-to-acknowledgement-minutes",
                "Mean minutes from an escalation to its acknowledgement");
        long acknowledgedCount = ((Number) acknowledged[0]).longValue();
        report.population(toAcknowledge, "initial-population", acknowledgedCount);
        if (acknowledged[1] != null) {
            report.score(toAcknowledge, new Quantity(oneDecimal(((Number) acknowledged[1]).doubleValue()))
                    .setUnit("min"), acknowledgedCount);
        }
        report.stratify(toAcknowledge, "level", rows("select level, count(*)" + raised
                + " and acknowledged_at is not null group by 1 order by 1", start, end));

        report.proportion("admissions-avoided", "Step-up stays that ended in the period at home (a hospital admission "
                + "avoided)", count("select count(*)" + ended + " and route = 'step-up'", start, end),
                count("select count(*)" + ended + " and route = 'step-up' and outcome = '" + WardOutcome.HOME.code() + "'",
                        start, end));

        report.countScore(report.group("people-served", "People on a virtual ward at any time in the period"),
                count("select count(distinct nhs_number) from ward_stay where started_at < ?2 "
                        + "and (ended_at is null or ended_at >= ?1)", start, end), null);
        return report.report();
    }

    private long count(String sql, Object... parameters) {
        return NativeCounts.count(entityManager, sql, parameters);
    }

    private List<Object[]> rows(String sql, Object... parameters) {
        return NativeCounts.rows(entityManager, sql, parameters);
    }
}
