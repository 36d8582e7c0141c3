package city.onetem.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import city.onetem.platform.fhir.NhsNumber;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PersonKeysTest {

    private final PersonKeys keys = new PersonKeys("test-secret");

    @Test
    void eachPersonsKeyIsTheHmacOfTheirNhsNumberEveryTimeOnEveryThread() throws Exception {
        // Expected values from an independent HMAC-SHA256 (Python's hmac module).
        String first = "6556bc1500214ec640c94daba555ecedbf24523337c49a03064dc5b4fb4b2ed7";
        String second = "a1e49e5b8fd5b1aa0ccd248ea1a84c4f6bb244fa03edef33f2a60407f624ee04";
        for (int i = 0; i < 3; i++) {
            assertEquals(first, keys.keyFor(new NhsNumber("9434765919")));
            assertEquals(second, keys.keyFor(new NhsNumber("4010232137")));
        }
        assertEquals(second, CompletableFuture.supplyAsync(() -> keys.keyFor(new NhsNumber("4010232137"))).get());
    }
}
