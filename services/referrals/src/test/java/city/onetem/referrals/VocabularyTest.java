package city.onetem.referrals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vocabulary tables as data: replaceable without code, and wrong rows stop the service, not a referral. */
class VocabularyTest {

    @TempDir
    Path directory;

    @Test
    void aFileInTheConfiguredDirectoryReplacesTheShippedOne() throws IOException {
        Files.writeString(directory.resolve(Vocabulary.CATEGORIES),
                "# system\tcode\tcategory\tdisplay\n"
                        + "http://snomed.info/sct\t308436005\tmental-health\tthe city chose otherwise\n");
        Vocabulary vocabulary = Vocabulary.load(Optional.of(directory));
        assertEquals(Optional.of(ServiceCategory.MENTAL_HEALTH),
                vocabulary.category(new Coding("http://snomed.info/sct", "308436005", null)));
        assertEquals(Optional.empty(), vocabulary.category(new Coding("http://snomed.info/sct", "306238000", null)),
                "the replaced table is the whole table");
        assertEquals(Optional.of(ReferralSource.GP), vocabulary.source(new Coding("http://snomed.info/sct",
                "108161000000109", null)), "the other tables are still the shipped ones");
    }

    @Test
    void aRowNamingAServiceTheSpaDoesNotHaveStopsTheLoadSayingWhere() throws IOException {
        Files.writeString(directory.resolve(Vocabulary.CATEGORIES), "http://snomed.info/sct\t1\tdentistry\tx\n");
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> Vocabulary.load(Optional.of(directory)));
        assertTrue(failure.getMessage().contains(Vocabulary.CATEGORIES + " line 1")
                && failure.getMessage().contains("'dentistry'"), failure.getMessage());
    }

    @Test
    void aCodeMappedTwiceStopsTheLoad() throws IOException {
        Files.writeString(directory.resolve(Vocabulary.SOURCES),
                "http://snomed.info/sct\t185373006\tcarer\tx\nhttp://snomed.info/sct\t185373006\tself\ty\n");
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> Vocabulary.load(Optional.of(directory)));
        assertTrue(failure.getMessage().contains("line 2") && failure.getMessage().contains("mapped twice"),
                failure.getMessage());
    }

    @Test
    void urgencyIsAWholeNumberOfMinutes() throws IOException {
        Files.writeString(directory.resolve(Vocabulary.URGENCY), "https://fhir.nhs.uk/Id/pathways-dx-code\tDx05\t2h\tx\n");
        assertThrows(IllegalStateException.class, () -> Vocabulary.load(Optional.of(directory)));
    }

    @Test
    void organisationsMatchByTheFirstPatternThatFitsTheWholeCode() {
        Vocabulary shipped = Vocabulary.load(Optional.empty());
        assertEquals(Optional.of(ReferralSource.AMBULANCE), shipped.sourceOfOrganisation("RYE"));
        assertEquals(Optional.of(ReferralSource.HOSPITAL), shipped.sourceOfOrganisation("RYE01"));
        assertEquals(Optional.empty(), shipped.sourceOfOrganisation("RYE0"), "R and three characters is no trust code");
    }
}
