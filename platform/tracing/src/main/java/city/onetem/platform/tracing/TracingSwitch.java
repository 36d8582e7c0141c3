package city.onetem.platform.tracing;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.Set;

/**
 * Traces are off until a collector is named: the one setting {@code onetem.tracing.otlp-endpoint}
 * (ONETEM_TRACING_OTLP_ENDPOINT, an OTLP gRPC endpoint such as http://otel-collector:4317) turns
 * the OpenTelemetry SDK on and sends spans there. Without it the SDK is off, so nothing is
 * exported, nothing is logged about a missing collector, and no trace context is carried. Either
 * Quarkus setting, set directly, wins.
 */
@Priority(Priorities.APPLICATION + 100)
public class TracingSwitch implements ConfigSourceInterceptor {

    static final String ENDPOINT = "onetem.tracing.otlp-endpoint";
    private static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    /** Quarkus reads the exporter's endpoint under either name, the traces one first. */
    private static final Set<String> EXPORTER_ENDPOINTS = Set.of("quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.traces.endpoint");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (!SDK_DISABLED.equals(name) && !EXPORTER_ENDPOINTS.contains(name)) {
            return context.proceed(name);
        }
        ConfigValue explicit = context.proceed(name);
        // The extension's own defaults (SDK on, a collector on localhost) come from the lowest source:
        // not a choice anyone made, so they give way to the switch.
        if (explicit != null && explicit.getValue() != null && explicit.getConfigSourceOrdinal() > Integer.MIN_VALUE) {
            return explicit;
        }
        ConfigValue endpoint = context.proceed(ENDPOINT);
        boolean on = endpoint != null && endpoint.getValue() != null && !endpoint.getValue().isBlank();
        if (SDK_DISABLED.equals(name)) {
            return ConfigValue.builder().withName(name).withValue(Boolean.toString(!on)).build();
        }
        return on ? ConfigValue.builder().withName(name).withValue(endpoint.getValue()).build() : explicit;
    }
}
