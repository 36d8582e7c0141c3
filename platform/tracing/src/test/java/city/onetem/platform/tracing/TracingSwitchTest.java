package city.onetem.platform.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tracing is one setting: off without a collector, on and sending there with one. */
class TracingSwitchTest {

    @Test
    void offUntilACollectorIsNamed() {
        SmallRyeConfig config = config(Map.of());
        assertEquals("true", config.getRawValue("quarkus.otel.sdk.disabled"));
        assertNull(config.getRawValue("quarkus.otel.exporter.otlp.endpoint"));
        assertNull(config.getRawValue("quarkus.otel.exporter.otlp.traces.endpoint"));
    }

    @Test
    void theCollectorsEndpointTurnsItOnAndReceivesTheSpans() {
        SmallRyeConfig config = config(Map.of("onetem.tracing.otlp-endpoint", "http://otel-collector:4317"));
        assertEquals("false", config.getRawValue("quarkus.otel.sdk.disabled"));
        assertEquals("http://otel-collector:4317", config.getRawValue("quarkus.otel.exporter.otlp.endpoint"));
        assertEquals("http://otel-collector:4317", config.getRawValue("quarkus.otel.exporter.otlp.traces.endpoint"));
    }

    @Test
    void theExtensionsOwnDefaultsDoNotTurnItOn() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withInterceptors(new TracingSwitch())
                .withSources(new PropertiesConfigSource(Map.of("quarkus.otel.sdk.disabled", "false",
                        "quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317"), "defaults", Integer.MIN_VALUE))
                .build();
        assertEquals("true", config.getRawValue("quarkus.otel.sdk.disabled"));
        config = new SmallRyeConfigBuilder().withInterceptors(new TracingSwitch())
                .withSources(new PropertiesConfigSource(Map.of("quarkus.otel.exporter.otlp.endpoint",
                        "http://localhost:4317"), "defaults", Integer.MIN_VALUE))
                .withSources(new PropertiesConfigSource(Map.of("onetem.tracing.otlp-endpoint",
                        "http://otel-collector:4317"), "test", 100)).build();
        assertEquals("http://otel-collector:4317", config.getRawValue("quarkus.otel.exporter.otlp.endpoint"));
    }

    @Test
    void aQuarkusSettingGivenDirectlyWins() {
        SmallRyeConfig config = config(Map.of("onetem.tracing.otlp-endpoint", "http://otel-collector:4317",
                "quarkus.otel.sdk.disabled", "true"));
        assertEquals("true", config.getRawValue("quarkus.otel.sdk.disabled"));
    }

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withInterceptors(new TracingSwitch())
                .withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }
}
