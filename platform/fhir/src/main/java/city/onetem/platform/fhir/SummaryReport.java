package city.onetem.platform.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupPopulationComponent;
import org.hl7.fhir.r4.model.Quantity;

/**
 * A FHIR summary MeasureReport as the services give their measures: one group per measure, coded
 * in the measure's own system, with its populations (counts), score and strata. A report for a
 * caller who may not see every person counted has its small numbers suppressed ({@link SmallNumbers}):
 * a suppressed count or score has no value and a data-absent-reason of {@code masked}.
 */
public final class SummaryReport {

    private static final String POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";
    /** FHIR's standard extension saying why a value is missing. */
    public static final String DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
    /** On a report whose small numbers are suppressed, so that a reader knows the figures are rounded. */
    public static final String SUPPRESSED_EXTENSION = "https://onetem.city/fhir/StructureDefinition/small-numbers-suppressed";

    private final String measure;
    private final MeasureReport report;
    private final boolean suppressed;

    /**
     * A report on {@code measure} over [start, end); {@code suppressSmallNumbers} for a caller who
     * may not see every person counted.
     */
    public SummaryReport(String measure, Instant start, Instant end, boolean suppressSmallNumbers) {
        this.measure = measure;
        this.suppressed = suppressSmallNumbers;
        report = new MeasureReport().setStatus(MeasureReport.MeasureReportStatus.COMPLETE)
                .setType(MeasureReport.MeasureReportType.SUMMARY).setMeasure(measure).setDate(new Date());
        report.getPeriod().setStart(Date.from(start)).setEnd(Date.from(end.minusMillis(1)));
        if (suppressSmallNumbers) {
            report.addExtension(SUPPRESSED_EXTENSION, new BooleanType(true));
        }
    }

    public MeasureReport report() {
        return report;
    }

    public MeasureReportGroupComponent group(String code, String text) {
        MeasureReportGroupComponent group = report.addGroup();
        group.setCode(new CodeableConcept().setText(text)).getCode().addCoding().setSystem(measure).setCode(code);
        return group;
    }

    /** numerator of denominator, scored as a percentage (no score when the denominator is 0). */
    public MeasureReportGroupComponent proportion(String code, String text, long denominator, long numerator) {
        MeasureReportGroupComponent group = group(code, text);
        population(group, "denominator", denominator);
        population(group, "numerator", numerator);
        if (denominator > 0) {
            score(group, new Quantity(MeasureFigures.ratio(numerator * 100, denominator)).setUnit("%"), denominator,
                    numerator);
        }
        return group;
    }

    public void population(MeasureReportGroupComponent group, String code, long count) {
        MeasureReportGroupPopulationComponent population = group.addPopulation();
        population.getCode().addCoding().setSystem(POPULATION).setCode(code);
        count(population.getCountElement(), count);
    }

    /** A population that counts places or beds, not people: never suppressed. */
    public void places(MeasureReportGroupComponent group, String code, long count) {
        MeasureReportGroupPopulationComponent population = group.addPopulation();
        population.getCode().addCoding().setSystem(POPULATION).setCode(code);
        population.setCount((int) count);
    }

    /** A score that is itself a count of people or days. */
    public void countScore(MeasureReportGroupComponent group, long count, String unit) {
        Long shown = suppressed ? SmallNumbers.shown(count) : Long.valueOf(count);
        Quantity score = new Quantity().setUnit(unit);
        if (shown == null) {
            masked(score);
        } else {
            score.setValue(shown);
        }
        group.setMeasureScore(score);
    }

    /**
     * A score worked out from these counts (a percentage, a mean, a rate): suppressed when any of
     * them is.
     */
    public void score(MeasureReportGroupComponent group, Quantity score, long... from) {
        if (suppressed) {
            for (long count : from) {
                if (SmallNumbers.suppressed(count)) {
                    score = masked(new Quantity().setUnit(score.getUnit()));
                    break;
                }
            }
        }
        group.setMeasureScore(score);
    }

    /** Strata from rows of [value, count]. */
    public void stratify(MeasureReportGroupComponent group, String by, List<Object[]> rows) {
        var stratifier = group.addStratifier();
        stratifier.addCode().setText(by);
        for (Object[] row : rows) {
            var stratum = stratifier.addStratum();
            stratum.getValue().setText(String.valueOf(row[0]));
            var population = stratum.addPopulation();
            population.getCode().addCoding().setSystem(POPULATION).setCode("initial-population");
            count(population.getCountElement(), ((Number) row[1]).longValue());
        }
    }

    private void count(org.hl7.fhir.r4.model.IntegerType element, long count) {
        Long shown = suppressed ? SmallNumbers.shown(count) : Long.valueOf(count);
        if (shown == null) {
            masked(element);
        } else {
            element.setValue(shown.intValue());
        }
    }

    private static <E extends Element> E masked(E element) {
        element.addExtension(DATA_ABSENT_REASON, new CodeType("masked"));
        return element;
    }

    /** A period's day from a query parameter (YYYY-MM-DD), or {@code otherwise} when it is not given. */
    public static LocalDate day(String name, String value, LocalDate otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw FhirException.invalid(name, name + " is a day, YYYY-MM-DD, not '" + value + "'");
        }
    }
}
