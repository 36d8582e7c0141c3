package city.onetem.platform.events;

import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.store.VersionedResource;
import java.time.Instant;

/**
 * An event to publish about one person.
 *
 * @param subject the resource the event is about, e.g. {@code ServiceRequest/42} (ce_subject)
 * @param time when the change was made (ce_time): the resource version's meta.lastUpdated
 * @param payload the FHIR resource as JSON
 */
public record OutboundEvent(String topic, String type, NhsNumber person, String subject, Instant time,
        String payload) {

    /**
     * The event for the version just written: its payload is that version as stored, so the
     * event, the row and the history say the same thing, and the resource is encoded once.
     */
    public static OutboundEvent of(String topic, String type, String resourceType, VersionedResource written) {
        return new OutboundEvent(topic, type, new NhsNumber(written.nhsNumber), resourceType + "/" + written.id,
                written.lastUpdated, written.resource);
    }
}
