package city.onetem.platform.testing.fuzz;

import java.util.List;

/**
 * A valid body after a fuzzer's edits: what is sent, and what was done to it, in words a person
 * can follow to see why the server answered as it did.
 *
 * @param body the mutated body
 * @param edits the edits, as generated (they reproduce the body from the same valid one)
 * @param applied each edit as it was applied: where in the body, and with what
 */
public record Mutant(String body, List<Edit> edits, List<String> applied) {

    /** "replace /subject/identifier/value with injection '; drop table ...'; truncate at 120". */
    public String describe() {
        return String.join("; ", applied);
    }
}
