package city.onetem.platform.events;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Carries a change's trace from the request that made it, through the outbox and Kafka, to the
 * consumers that apply it, as the CloudEvents distributed tracing extension ({@code ce_traceparent},
 * W3C trace context). With tracing off there is no current span, and nothing is carried.
 */
public final class TraceContext {

    private static final TextMapGetter<ConsumerRecord<String, ?>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ConsumerRecord<String, ?> record) {
            return List.of("traceparent");
        }

        @Override
        public String get(ConsumerRecord<String, ?> record, String key) {
            return record == null || !"traceparent".equals(key) ? null
                    : InboundEvent.header(record, CloudEventHeaders.TRACEPARENT);
        }
    };

    private TraceContext() {
    }

    /** The current span's context as a W3C traceparent; null when there is none (tracing off). */
    static String current() {
        return traceparent(Span.current().getSpanContext());
    }

    /** A span's context as a W3C traceparent, for whatever carries the trace on; null when it is not valid. */
    public static String traceparent(SpanContext span) {
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** The trace this record's event was made in, to continue; the current context when it carries none. */
    public static Context of(ConsumerRecord<String, ?> record) {
        return W3CTraceContextPropagator.getInstance().extract(Context.current(), record, HEADERS);
    }
}
