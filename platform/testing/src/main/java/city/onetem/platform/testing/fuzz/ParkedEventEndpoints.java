package city.onetem.platform.testing.fuzz;

import java.util.List;
import java.util.UUID;

/**
 * The operator's parked-event endpoints every service has (platform/events), as a fuzzer calls
 * them: no body expected (it gets junk anyway), path ids and the dismissal reason fuzzed. They aim
 * at ids no parked event has, so a still-valid case (404) never resolves another test's event.
 */
public final class ParkedEventEndpoints {

    private ParkedEventEndpoints() {
    }

    public static List<WriteEndpoint> all(String operatorToken) {
        String inbound = String.valueOf(Long.MAX_VALUE - 7);
        String outbound = UUID.nameUUIDFromBytes("fuzz".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        return List.of(
                WriteEndpoint.post("/admin/events/parked/inbound/{id}/replay").as(operatorToken).target(() -> inbound),
                WriteEndpoint.post("/admin/events/parked/inbound/{id}/dismiss").as(operatorToken).target(() -> inbound)
                        .query("reason", "Reviewed by the on-call engineer"),
                WriteEndpoint.post("/admin/events/parked/outbound/{id}/replay").as(operatorToken).target(() -> outbound),
                WriteEndpoint.post("/admin/events/parked/outbound/{id}/dismiss").as(operatorToken).target(() -> outbound)
                        .query("reason", "Reviewed by the on-call engineer"));
    }
}
