package city.onetem.platform.events;

import ca.uhn.fhir.parser.DataFormatException;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.NhsNumber;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;

/** A CloudEvent read from Kafka (binary mode): its attributes and its FHIR JSON payload. */
public record InboundEvent(String id, String source, String type, Instant time, String subject, String key,
        String payload) {

    public static InboundEvent from(ConsumerRecord<String, ?> record) {
        return from(name -> header(record, name), record.key(), record.value(), record.timestamp());
    }

    /**
     * The event from its headers (by name), key and value: as read from Kafka, or as parked.
     *
     * @param timestamp the record's timestamp, the time when it carries no ce_time
     */
    public static InboundEvent from(Function<String, String> headers, String key, Object value, long timestamp) {
        String spec = headers.apply(CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_VALUE.equals(spec)) {
            throw new PoisonEventException("Not a CloudEvents 1.0 record (ce_specversion=" + spec + ")");
        }
        String id = required(headers, CloudEventHeaders.ID);
        String source = required(headers, CloudEventHeaders.SOURCE);
        String type = required(headers, CloudEventHeaders.TYPE);
        Instant time;
        try {
            String text = headers.apply(CloudEventHeaders.TIME);
            time = text == null ? Instant.ofEpochMilli(timestamp) : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new PoisonEventException("ce_time is not an RFC 3339 timestamp", e);
        }
        if (value == null) {
            throw new PoisonEventException("Event " + id + " has no payload");
        }
        return new InboundEvent(id, source, type, time, headers.apply(CloudEventHeaders.SUBJECT), key, text(value));
    }

    /** A record value as text: the bytes as UTF-8, or the deserialised string. */
    static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }

    /** The payload as the FHIR resource it must be; anything else is poison. */
    public <T extends IBaseResource> T resource(Class<T> type) {
        try {
            return Fhir.parse(type, payload);
        } catch (DataFormatException e) {
            throw new PoisonEventException("Event " + id + " (" + this.type + ") does not carry a FHIR "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The person the payload names by this identifier: a valid NHS number, or the event is poison. */
    public NhsNumber person(Identifier identifier) {
        if (!NhsNumber.SYSTEM.equals(identifier.getSystem())) {
            throw new PoisonEventException("Event " + id + " does not name the person by NHS number");
        }
        String problem = NhsNumber.problem(identifier.getValue());
        if (problem != null) {
            throw new PoisonEventException("Event " + id + ": " + problem);
        }
        return new NhsNumber(identifier.getValue());
    }

    private static String required(Function<String, String> headers, String name) {
        String value = headers.apply(name);
        if (value == null || value.isBlank()) {
            throw new PoisonEventException("CloudEvent header " + name + " is missing");
        }
        return value;
    }

    /** A header's value as text; the last one when a record carries the name twice. */
    public static String header(ConsumerRecord<String, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
