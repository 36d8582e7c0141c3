package city.onetem.platform.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.Quantity;

/**
 * A FHIR summary MeasureReport as the services give their measures: one group per measure, coded
 * in the measure's own system, with its populations (counts), score and strata.
 */
public final class SummaryReport {

    private static final String POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";

    private final String measure;
    private final MeasureReport report;

    /** A report on {@code measure} over [start, end). */
    public SummaryReport(String measure, Instant start, Instant end) {
        this.measure = measure;
        report = new MeasureReport().setStatus(MeasureReport.MeasureReportStatus.COMPLETE)
                .setType(MeasureReport.MeasureReportType.SUMMARY).setMeasure(measure).setDate(new Date());
        report.getPeriod().setStart(Date.from(start)).setEnd(Date.from(end.minusMillis(1)));
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
            group.setMeasureScore(new Quantity(MeasureFigures.ratio(numerator * 100, denominator)).setUnit("%"));
        }
        return group;
    }

    public static void population(MeasureReportGroupComponent group, String code, long count) {
        group.addPopulation().setCount((int) count).getCode().addCoding().setSystem(POPULATION).setCode(code);
    }

    /** Strata from rows of [value, count]. */
    public static void stratify(MeasureReportGroupComponent group, String by, List<Object[]> rows) {
        var stratifier = group.addStratifier();
        stratifier.addCode().setText(by);
        for (Object[] row : rows) {
            var stratum = stratifier.addStratum();
            stratum.getValue().setText(String.valueOf(row[0]));
            stratum.addPopulation().setCount(((Number) row[1]).intValue()).getCode().addCoding().setSystem(POPULATION)
                    .setCode("initial-population");
        }
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
