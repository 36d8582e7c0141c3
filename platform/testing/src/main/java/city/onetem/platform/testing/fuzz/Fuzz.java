package city.onetem.platform.testing.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Runs a property over values a {@link Gen} draws from a seeded random source, from any JUnit
 * test (a @QuarkusTest's write endpoints, or a plain test of the parser or the mutator). The
 * seed is printed with every failure, and the same seed gives the same cases.
 *
 * <p>System properties: {@value #SEED} (a long) fixes the seed; {@value #CASES} is how many
 * cases a whole suite (one service's write endpoints) tries, {@value #QUICK_CASES} unless set;
 * {@value #TRIES} is how many cases one {@link #property} test tries, {@value #QUICK_TRIES}
 * unless set (the build's {@code -Pfuzz} profile sets both to 100000); {@value #ONLY} runs only
 * the properties whose name contains it (to re-run one failure).
 */
public final class Fuzz {

    public static final String SEED = "onetem.fuzz.seed";
    public static final String CASES = "onetem.fuzz.cases";
    public static final String ONLY = "onetem.fuzz.only";
    public static final String TRIES = "onetem.fuzz.tries";
    /** Cases per suite in a plain build: enough to meet every mutation kind on every endpoint. */
    public static final int QUICK_CASES = 1500;
    /** Cases per property test in a plain build. */
    public static final int QUICK_TRIES = 300;
    /** Failures kept per property: after that the rest of its tries would only repeat them. */
    private static final int MAX_FAILURES = 3;
    private static final long RUN_SEED = seed(System.getProperty(SEED));

    private Fuzz() {
    }

    /** One case that broke the property. */
    public record Failure(String property, int attempt, long seed, String what, String input, Throwable error) {

        String report(int index) {
            Path saved = save(this, index);
            return "\n--- " + property + ": try " + attempt + ", seed " + seed + "\n"
                    + "rerun: -D" + SEED + "=" + RUN_SEED + " -D" + ONLY + "='" + property + "'\n"
                    + "what was sent: " + what + "\n"
                    + "body: " + FhirAnswers.cut(input) + (saved == null ? "" : "\nwhole body: " + saved) + "\n"
                    + "failure: " + error;
        }
    }

    /** {@value #SEED} as a number; unset, empty or "random": drawn at random (and printed). */
    private static long seed(String setting) {
        if (setting == null || setting.isBlank() || setting.equals("random")) {
            return new Random().nextLong();
        }
        return Long.parseLong(setting.strip());
    }

    /** The seed of this run: {@value #SEED} if set, otherwise drawn at random and printed. */
    public static long runSeed() {
        return RUN_SEED;
    }

    /** How many cases each of {@code properties} gets, so a suite tries {@value #CASES} in all. */
    public static int triesEach(int properties) {
        int cases = Integer.getInteger(CASES, QUICK_CASES);
        return Math.max(1, (cases + properties - 1) / properties);
    }

    /** How many cases one {@link #property} test tries: {@value #TRIES}, {@value #QUICK_TRIES} unless set. */
    public static int tries() {
        return Math.max(1, Integer.getInteger(TRIES, QUICK_TRIES));
    }

    /**
     * A property test: tries {@code check} on {@link #tries()} values of {@code cases} and fails
     * with the report of every case that broke it (seed, rerun line, what was tried).
     */
    public static <T> void property(String property, Gen<T> cases, Function<T, String> what, Function<T, String> input,
            CheckedConsumer<T> check) {
        if (!selected(property)) {
            return;
        }
        int tries = tries();
        System.out.printf("Property %s: %d tries, seed %d (-D%s=%d to repeat)%n", property, tries, RUN_SEED, SEED,
                RUN_SEED);
        assertNone(check(property, tries, cases, what, input, check));
    }

    /** Whether {@value #ONLY} leaves this property in. */
    public static boolean selected(String property) {
        String only = System.getProperty(ONLY);
        return only == null || only.isBlank() || property.contains(only);
    }

    /**
     * Tries the property on {@code tries} values; returns the cases that failed (at most a few).
     * The property's own seed comes from the run's seed and its name, so one property re-runs
     * alone with the same cases.
     */
    public static <T> List<Failure> check(String property, int tries, Gen<T> cases, Function<T, String> what,
            Function<T, String> input, CheckedConsumer<T> check) {
        long seed = RUN_SEED ^ (property.hashCode() * 0x9E3779B97F4A7C15L);
        List<Failure> failures = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (int attempt = 1; attempt <= tries && failures.size() < MAX_FAILURES; attempt++) {
            T value = cases.next(random);
            try {
                check.accept(value);
            } catch (Throwable e) {
                failures.add(new Failure(property, attempt, seed, what.apply(value), input.apply(value), e));
            }
        }
        return failures;
    }

    /** Fails with every failure's report, or returns when there are none. */
    public static void assertNone(List<Failure> failures) {
        if (failures.isEmpty()) {
            return;
        }
        StringBuilder report = new StringBuilder(failures.size() + " fuzz case(s) failed (run seed " + RUN_SEED + "):");
        for (int i = 0; i < failures.size(); i++) {
            report.append(failures.get(i).report(i));
        }
        AssertionError error = new AssertionError(report.toString());
        failures.forEach(f -> error.addSuppressed(f.error()));
        throw error;
    }

    private static Path save(Failure failure, int index) {
        if (failure.input() == null || failure.input().length() <= 600) {
            return null;
        }
        try {
            Path folder = Path.of("target", "fuzz-failures");
            Files.createDirectories(folder);
            Path file = folder.resolve(RUN_SEED + "-" + index + ".txt");
            Files.writeString(file, failure.input(), StandardCharsets.UTF_8);
            return file.toAbsolutePath();
        } catch (IOException e) {
            return null;
        }
    }

    /** A check that may throw anything; a throw is a failure. */
    @FunctionalInterface
    public interface CheckedConsumer<T> {
        void accept(T value) throws Exception;
    }
}
