package city.onetem.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.fhir.NhsNumber;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PersonKeysTest {

    private final PersonKeys keys = new PersonKeys("test-secret-of-at-least-32-bytes-for-hmac");

    @Test
    void eachPersonsKeyIsTheHmacOfTheirNhsNumberEveryTimeOnEveryThread() throws Exception {
        // Expected values from an independent HMAC-SHA256 (Python's hmac module).
        String first = "b4654cce852c63a8d8e351dd78a043f53a1626354d724b08e740629111143be9";
        String second = "5b15c05b6c530d2773609e864323071ef4fe41207f70cc3741d3cdb01c10f96f";
        for (int i = 0; i < 3; i++) {
            assertEquals(first, keys.keyFor(new NhsNumber("9434765919")));
            assertEquals(second, keys.keyFor(new NhsNumber("4010232137")));
        }
        assertEquals(second, CompletableFuture.supplyAsync(() -> keys.keyFor(new NhsNumber("4010232137"))).get());
    }

    @Test
    void outsideDevelopmentTheDevelopmentSecretStopsTheService() {
        // A plain unit test runs in no Quarkus profile, as production does.
        var refused = assertThrows(IllegalStateException.class, () -> new PersonKeys(PersonKeys.DEVELOPMENT_SECRET));
        assertTrue(refused.getMessage().contains("Set onetem.events.person-key-secret"), refused.getMessage());
    }

    @Test
    void aSecretShorterThanTheHmacIsRefused() {
        var refused = assertThrows(IllegalStateException.class, () -> new PersonKeys("short-secret"));
        assertTrue(refused.getMessage().contains("at least 32 bytes"), refused.getMessage());
    }
}
