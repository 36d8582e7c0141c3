package city.onetem.platform.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The one FhirContext of a service. Building a context scans the model (~1.8 s), so it is made
 * once per JVM; parsers are cheap but not thread-safe, so each call gets its own.
 */
public final class Fhir {

    private static final FhirContext CONTEXT = FhirContext.forR4Cached();

    private Fhir() {
    }

    public static FhirContext context() {
        return CONTEXT;
    }

    /** Parses input from outside: unknown elements and invalid values are errors, not warnings. */
    public static <T extends IBaseResource> T parseStrict(Class<T> type, String json) {
        if (json == null || json.isBlank()) {
            throw new DataFormatException("The request body is empty: send one FHIR "
                    + (type == null ? "resource" : CONTEXT.getResourceType(type)) + " as application/fhir+json");
        }
        IParser parser = CONTEXT.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        return parser.parseResource(type, json);
    }

    /** Parses what this system wrote itself (stored rows, events): lenient, so older shapes still read. */
    public static <T extends IBaseResource> T parse(Class<T> type, String json) {
        return CONTEXT.newJsonParser().parseResource(type, json);
    }

    public static String toJson(IBaseResource resource) {
        return CONTEXT.newJsonParser().encodeResourceToString(resource);
    }
}
