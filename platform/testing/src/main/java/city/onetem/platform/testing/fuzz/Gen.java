package city.onetem.platform.testing.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Makes values from a seeded random source: the fuzzers' only source of cases. A generator draws
 * everything it needs from the {@link SplittableRandom} it is given, and nothing else, so the same
 * seed gives the same values in the same order ({@link Fuzz#check} makes the random source from
 * the run's seed). Choices are uniform unless {@link #frequency weighted}.
 */
@FunctionalInterface
public interface Gen<T> {

    /** The next value, drawn from {@code random}. */
    T next(SplittableRandom random);

    default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
        return random -> mapper.apply(next(random));
    }

    /** A value, then a value of the generator it chooses. */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> then) {
        return random -> then.apply(next(random)).next(random);
    }

    /** Only values that {@code keep} accepts: draws again (a thousand times at most) until one is. */
    default Gen<T> filter(Predicate<? super T> keep) {
        return random -> {
            for (int attempt = 0; attempt < 1000; attempt++) {
                T value = next(random);
                if (keep.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("The filter rejected a thousand values in a row");
        };
    }

    /** A value with probability {@code presence}, otherwise none. */
    default Gen<Optional<T>> optional(double presence) {
        return random -> random.nextDouble() < presence ? Optional.of(next(random)) : Optional.empty();
    }

    /** Between {@code min} and {@code max} values (inclusive, the size uniform). */
    default Gen<List<T>> list(int min, int max) {
        return random -> {
            int size = random.nextInt(min, max + 1);
            List<T> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(next(random));
            }
            return values;
        };
    }

    static <T> Gen<T> just(T value) {
        return random -> value;
    }

    /** One of {@code values}. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        List<T> choices = List.of(values);
        return random -> choices.get(random.nextInt(choices.size()));
    }

    /** An int from {@code min} to {@code max}, both included. */
    static Gen<Integer> between(int min, int max) {
        return random -> max == Integer.MAX_VALUE ? (int) random.nextLong(min, (long) max + 1)
                : random.nextInt(min, max + 1);
    }

    /** A char from {@code min} to {@code max}, both included. */
    static Gen<Character> chars(char min, char max) {
        return random -> (char) random.nextInt(min, max + 1);
    }

    /** Strings of up to {@code maxLength} chars, each any UTF-16 unit: surrogates and noncharacters included. */
    static Gen<String> strings(int maxLength) {
        return random -> {
            char[] text = new char[random.nextInt(maxLength + 1)];
            for (int i = 0; i < text.length; i++) {
                text[i] = (char) random.nextInt(Character.MAX_VALUE + 1);
            }
            return new String(text);
        };
    }

    /** A value of one of {@code choices}, each as likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... choices) {
        List<Gen<? extends T>> all = List.of(choices);
        return random -> all.get(random.nextInt(all.size())).next(random);
    }

    /** A value of one of {@code choices}, each as often as its weight says. */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
        List<Weighted<? extends T>> all = List.of(choices);
        int total = all.stream().mapToInt(Weighted::weight).sum();
        return random -> {
            int pick = random.nextInt(total);
            for (Weighted<? extends T> choice : all) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.gen().next(random);
                }
            }
            throw new IllegalStateException("unreachable");
        };
    }

    static <T> Weighted<T> weight(int weight, Gen<T> gen) {
        return new Weighted<>(weight, gen);
    }

    /** A choice for {@link #frequency} and how often it is made, relative to the others. */
    record Weighted<T>(int weight, Gen<T> gen) {

        public Weighted {
            if (weight <= 0) {
                throw new IllegalArgumentException("A weight must be positive: " + weight);
            }
        }
    }
}
