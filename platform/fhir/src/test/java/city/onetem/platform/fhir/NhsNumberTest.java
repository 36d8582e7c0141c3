package city.onetem.platform.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NhsNumberTest {

    @Test
    void acceptsNumbersWhoseCheckDigitMatches() {
        // 943 476 5919: sum of digits x weights 10..2 = 299, 299 mod 11 = 2, 11 - 2 = 9
        assertTrue(NhsNumber.isValid("9434765919"));
        assertTrue(NhsNumber.isValid("9000000009"));
    }

    @Test
    void checkDigitElevenBecomesZero() {
        // weighted sums 0 and 286 are 0 mod 11, so 11 - 0 = 11, which stands as 0
        assertTrue(NhsNumber.isValid("0000000000"));
        assertTrue(NhsNumber.isValid("9434765080"));
        assertFalse(NhsNumber.isValid("9434765081"));
    }

    @Test
    void rejectsAWrongCheckDigit() {
        assertFalse(NhsNumber.isValid("9434765918"));
        assertTrue(NhsNumber.problem("9434765918").contains("modulus 11"));
    }

    @Test
    void rejectsNumbersWhoseCheckWouldBeTen() {
        // 1x10 + 1x2 = 12, 12 mod 11 = 1, 11 - 1 = 10: no last digit makes this a number
        for (int last = 0; last <= 9; last++) {
            assertFalse(NhsNumber.isValid("100000001" + last), "check digit 10 has no valid number");
        }
    }

    @Test
    void rejectsWrongLengthSpacesAndLetters() {
        assertFalse(NhsNumber.isValid("943476591"));
        assertFalse(NhsNumber.isValid("94347659190"));
        assertFalse(NhsNumber.isValid("943 476 5919"));
        assertFalse(NhsNumber.isValid("94347659A9"));
        assertFalse(NhsNumber.isValid(null));
        assertEquals("NHS number is missing", NhsNumber.problem(""));
    }

    @Test
    void recordRefusesInvalidNumbers() {
        assertThrows(IllegalArgumentException.class, () -> new NhsNumber("1234567890"));
        assertNull(NhsNumber.problem(new NhsNumber("9434765919").value()));
    }
}
