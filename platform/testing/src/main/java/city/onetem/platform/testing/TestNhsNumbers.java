package city.onetem.platform.testing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Valid NHS numbers (modulus 11) for tests, in the 999 range that is never issued to people. */
public final class TestNhsNumbers {

    /** Where this JVM's numbers start: random, so runs on a database kept between runs rarely meet. */
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(1_000_000));

    private TestNhsNumbers() {
    }

    /**
     * A number no earlier call in this JVM returned. (Drawn at random, two of a few hundred
     * numbers collided often enough to put two tests' referrals on one person's plan.)
     */
    public static String next() {
        while (true) {
            String first9 = "999" + String.format("%06d", NEXT.getAndIncrement() % 1_000_000);
            int check = checkDigit(first9);
            if (check != 10) {
                return first9 + check;
            }
        }
    }

    /** Whether ten digits are an NHS number: the last is the modulus 11 check digit of the nine before. */
    public static boolean isValid(String tenDigits) {
        return tenDigits.length() == 10 && tenDigits.chars().allMatch(Character::isDigit)
                && checkDigit(tenDigits.substring(0, 9)) == tenDigits.charAt(9) - '0';
    }

    /** The modulus 11 check digit of nine digits; 10 means no number has them. */
    private static int checkDigit(String first9) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (first9.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        return check == 11 ? 0 : check;
    }
}
