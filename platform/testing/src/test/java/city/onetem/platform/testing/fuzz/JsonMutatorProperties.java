package city.onetem.platform.testing.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The mutator as the suites rely on it: a failing case is reproduced from its edits, and each edit is reported. */
class JsonMutatorProperties {

    static final String VALID = """
            {"resourceType":"Goal","lifecycleStatus":"active","description":{"text":"Walk to the shops"},
             "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}},
             "target":[{"dueDate":"2027-02-01"}],"extension":[{"url":"https://example.org/x","valueString":"y"}]}""";

    @Provide
    Arbitrary<Mutant> mutants() {
        return JsonMutator.mutantsOf(VALID);
    }

    @Property
    void theSameEditsMakeTheSameBody(@ForAll("mutants") Mutant mutant) {
        assertEquals(mutant.body(), JsonMutator.apply(VALID, mutant.edits()).body());
    }

    @Property
    void everyEditIsReportedInWords(@ForAll("mutants") Mutant mutant) {
        assertEquals(mutant.edits().size(), mutant.applied().size(), mutant.describe());
        mutant.applied().forEach(line -> assertNotEquals("", line.trim()));
    }
}
