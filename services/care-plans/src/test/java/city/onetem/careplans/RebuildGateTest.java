package city.onetem.careplans;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.fhir.FhirException;
import org.junit.jupiter.api.Test;

/** While care-plans rebuilds from the log, a caller is told so and when to come back; otherwise nothing changes. */
class RebuildGateTest {

    @Test
    void aRequestDuringTheRebuildGets503WithWhenToComeBack() {
        RebuildGate gate = gate(true);
        FhirException refused = assertThrows(FhirException.class, () -> gate.refuseWhileRebuilding(null));
        assertEquals(503, refused.status());
        assertTrue(refused.retryAfterSeconds() > 0);
        assertTrue(refused.getMessage().startsWith("Care plans are being rebuilt from the event log (starting)"),
                refused.getMessage());
        assertEquals("DOWN", health(gate).call().getStatus().name(), "not ready while rebuilding");
    }

    @Test
    void withoutARebuildRequestsPass() {
        RebuildGate gate = gate(false);
        assertDoesNotThrow(() -> gate.refuseWhileRebuilding(null));
        assertEquals("UP", health(gate).call().getStatus().name());
    }

    private static RebuildHealth health(RebuildGate gate) {
        RebuildHealth health = new RebuildHealth();
        health.rebuild = gate.rebuild;
        return health;
    }

    private static RebuildGate gate(boolean asked) {
        RebuildFromLog rebuild = new RebuildFromLog();
        rebuild.asked = asked;
        rebuild.refuseUntilRebuilt();
        RebuildGate gate = new RebuildGate();
        gate.rebuild = rebuild;
        return gate;
    }
}
