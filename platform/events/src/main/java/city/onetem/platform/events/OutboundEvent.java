package city.onetem.platform.events;

import city.onetem.platform.fhir.NhsNumber;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * An event to publish about one person.
 *
 * @param subject the resource the event is about, e.g. {@code ServiceRequest/42} (ce_subject)
 */
public record OutboundEvent(String topic, String type, NhsNumber person, String subject, IBaseResource resource) {
}
