package city.onetem.platform.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.Test;

class SmallNumbersTest {

    @Test
    void oneToSevenAreSuppressedAndTheRestRoundedToFive() {
        assertEquals(0L, SmallNumbers.shown(0));
        for (int count = 1; count <= 7; count++) {
            assertNull(SmallNumbers.shown(count), "count " + count);
        }
        assertEquals(10L, SmallNumbers.shown(8));
        assertEquals(10L, SmallNumbers.shown(12));
        assertEquals(15L, SmallNumbers.shown(13));
        assertEquals(250L, SmallNumbers.shown(248));
    }

    @Test
    void aSuppressedReportMasksSmallCountsAndWhatIsWorkedOutFromThem() {
        SummaryReport report = new SummaryReport("https://example.org/Measure/m", Instant.EPOCH,
                Instant.EPOCH.plusSeconds(86_400), true);
        var small = report.proportion("small", "Small", 6, 3);
        var large = report.proportion("large", "Large", 41, 22);
        MeasureReport measures = report.report();

        assertEquals(true, measures.hasExtension(SummaryReport.SUPPRESSED_EXTENSION));
        assertEquals(false, small.getPopulationFirstRep().getCountElement().hasValue());
        assertEquals("masked", small.getPopulationFirstRep().getCountElement()
                .getExtensionByUrl(SummaryReport.DATA_ABSENT_REASON).getValue().primitiveValue());
        assertEquals(false, small.getMeasureScore().hasValue());
        assertEquals(40, large.getPopulation().get(0).getCount());
        assertEquals(20, large.getPopulation().get(1).getCount());
        assertEquals(53.7, large.getMeasureScore().getValue().doubleValue(), "worked out from the true counts");
    }

    @Test
    void aWholeReportShowsTheCounts() {
        SummaryReport report = new SummaryReport("https://example.org/Measure/m", Instant.EPOCH,
                Instant.EPOCH.plusSeconds(86_400), false);
        var small = report.proportion("small", "Small", 6, 3);
        assertEquals(6, small.getPopulation().get(0).getCount());
        assertEquals(50.0, small.getMeasureScore().getValue().doubleValue());
        assertEquals(false, report.report().hasExtension());
    }
}
