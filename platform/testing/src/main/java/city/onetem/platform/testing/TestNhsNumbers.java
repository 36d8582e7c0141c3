package city.onetem.platform.testing;

import java.util.concurrent.ThreadLocalRandom;

/** Valid NHS numbers (modulus 11) for tests, in the 999 range that is never issued to people. */
public final class TestNhsNumbers {

    private TestNhsNumbers() {
    }

    public static String next() {
        while (true) {
            String first9 = "999" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (first9.charAt(i) - '0') * (10 - i);
            }
            int check = 11 - sum % 11;
            if (check == 11) {
                check = 0;
            }
            if (check != 10) {
                return first9 + check;
            }
        }
    }
}
