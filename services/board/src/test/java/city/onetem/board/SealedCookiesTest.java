package city.onetem.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the board seals into a cookie opens only unchanged, for its purpose, under its secret. */
class SealedCookiesTest {

    private final SealedCookies cookies = new SealedCookies("a-session-secret-of-more-than-32-characters");

    @Test
    void aSealedValueOpensOnlyUnchangedForItsPurposeUnderItsSecret() {
        String sealed = cookies.seal(Session.COOKIE, "{\"subject\":\"nurse.jones\"}");
        assertEquals(Optional.of("{\"subject\":\"nurse.jones\"}"), cookies.open(Session.COOKIE, sealed));
        assertNotEquals(sealed, cookies.seal(Session.COOKIE, "{\"subject\":\"nurse.jones\"}"), "a fresh IV each time");
        assertTrue(cookies.open(SignIn.FLOW_COOKIE, sealed).isEmpty(), "a session is not a sign-in under way");
        char last = sealed.charAt(sealed.length() - 2);
        String tampered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);
        assertTrue(cookies.open(Session.COOKIE, tampered).isEmpty(), "one character changed");
        assertTrue(new SealedCookies("another-secret-of-more-than-32-characters!").open(Session.COOKIE, sealed).isEmpty());
        assertTrue(cookies.open(Session.COOKIE, "not base64 at all!").isEmpty());
    }

    @Test
    void aShortSecretIsRefusedAtStart() {
        assertThrows(IllegalStateException.class, () -> new SealedCookies("too short"));
    }
}
