package city.onetem.platform.testing.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The mutator as the suites rely on it: a failing case is reproduced from its edits, each edit is
 * reported, the same seed gives the same cases, and every kind of edit is made about as often as
 * its weight says.
 */
class JsonMutatorFuzzTest {

    static final String VALID = """
            {"resourceType":"Goal","lifecycleStatus":"active","description":{"text":"Walk to the shops"},
             "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}},
             "target":[{"dueDate":"2027-02-01"}],"extension":[{"url":"https://example.org/x","valueString":"y"}]}""";

    @Test
    void theSameEditsMakeTheSameBody() {
        property("theSameEditsMakeTheSameBody",
                mutant -> assertEquals(mutant.body(), JsonMutator.apply(VALID, mutant.edits()).body()));
    }

    @Test
    void everyEditIsReportedInWords() {
        property("everyEditIsReportedInWords", mutant -> {
            assertEquals(mutant.edits().size(), mutant.applied().size(), mutant.describe());
            mutant.applied().forEach(line -> assertNotEquals("", line.trim()));
        });
    }

    @Test
    void theSameSeedMakesTheSameCases() {
        Gen<Mutant> mutants = JsonMutator.mutantsOf(VALID);
        SplittableRandom once = new SplittableRandom(20261130L);
        SplittableRandom again = new SplittableRandom(20261130L);
        SplittableRandom other = new SplittableRandom(20261201L);
        int differentFromOtherSeed = 0;
        for (int i = 0; i < 300; i++) {
            Mutant first = mutants.next(once);
            assertEquals(first, mutants.next(again), "case " + i);
            if (!first.body().equals(mutants.next(other).body())) {
                differentFromOtherSeed++;
            }
        }
        assertTrue(differentFromOtherSeed > 250, "another seed makes other cases: " + differentFromOtherSeed + " of 300");
    }

    @Test
    void everyKindOfEditIsMadeAboutAsOftenAsItsWeight() {
        Gen<Mutant> mutants = JsonMutator.mutantsOf(VALID);
        SplittableRandom random = new SplittableRandom(7L);
        Map<Edit.Kind, Integer> made = new EnumMap<>(Edit.Kind.class);
        int cases = 4000;
        int treeEdits = 0;
        int withTextEdit = 0;
        for (int i = 0; i < cases; i++) {
            Mutant mutant = mutants.next(random);
            for (Edit edit : mutant.edits()) {
                made.merge(edit.kind(), 1, Integer::sum);
                if (!edit.kind().isTextEdit()) {
                    treeEdits++;
                }
            }
            if (mutant.edits().get(mutant.edits().size() - 1).kind().isTextEdit()) {
                withTextEdit++;
            }
        }
        for (Edit.Kind kind : Edit.Kind.values()) {
            assertTrue(made.getOrDefault(kind, 0) > 0, kind + " never made: " + made);
        }
        // One to three tree edits (two on average), then a text edit in 15% of cases.
        assertTrue(treeEdits > 1.9 * cases && treeEdits < 2.1 * cases, "tree edits: " + treeEdits);
        assertTrue(withTextEdit > 0.12 * cases && withTextEdit < 0.18 * cases, "with a text edit: " + withTextEdit);
        // Weights: 26 of 44 tree edits replace a value (eight families), 5 of 44 remove one.
        double replaced = made.get(Edit.Kind.REPLACE) / (double) treeEdits;
        double removed = made.get(Edit.Kind.REMOVE) / (double) treeEdits;
        assertTrue(Math.abs(replaced - 26.0 / 44) < 0.03, "replacements: " + replaced);
        assertTrue(Math.abs(removed - 5.0 / 44) < 0.02, "removals: " + removed);
    }

    private static void property(String name, Fuzz.CheckedConsumer<Mutant> check) {
        Fuzz.property("JsonMutator " + name, JsonMutator.mutantsOf(VALID), Mutant::describe, Mutant::body, check);
    }
}
