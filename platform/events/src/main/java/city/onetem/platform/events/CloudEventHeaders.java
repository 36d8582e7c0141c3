package city.onetem.platform.events;

/** CloudEvents 1.0 Kafka protocol binding, binary mode: attributes travel as ce_ headers. */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    /** The CloudEvents distributed tracing extension: the W3C trace context of the change. */
    public static final String TRACEPARENT = "ce_traceparent";
    public static final String FHIR_JSON = "application/fhir+json";

    private CloudEventHeaders() {
    }
}
