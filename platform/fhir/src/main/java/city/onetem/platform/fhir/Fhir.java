package city.onetem.platform.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The one FhirContext of a service. Building a context scans the model (~1.8 s), so it is made
 * once per JVM; parsers are cheap but not thread-safe, so each call gets its own.
 */
public final class Fhir {

    private static final FhirContext CONTEXT = FhirContext.forR4Cached();

    /** A JSON escape of a control character other than tab, LF and CR (not itself escaped: \\u0000 is text). */
    private static final Pattern CONTROL_CHARACTER = Pattern.compile(
            "(?<!\\\\)(?:\\\\\\\\)*\\\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])");

    /**
     * A Java exception's class name inside a parser message ("...: java.lang.NumberFormatException:
     * For input string ..."): the caller needs the element and the value, not our internals.
     */
    private static final Pattern JAVA_EXCEPTION_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9]*\\.)+[A-Z]\\w*(?:Exception|Error): ");

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
        if (CONTROL_CHARACTER.matcher(json).find()) {
            // FHIR strings may hold tab, CR and LF but no other control character; PostgreSQL
            // refuses \u0000 in text, so letting one through would fail later as a 500.
            throw new DataFormatException("A string in the body contains a control character (\\u0000-\\u001F other "
                    + "than tab, CR, LF), which FHIR strings may not carry: remove it");
        }
        IParser parser = CONTEXT.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        try {
            return parser.parseResource(type, json);
        } catch (DataFormatException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            String readable = JAVA_EXCEPTION_NAME.matcher(message).replaceAll("");
            throw readable.equals(message) ? e : new DataFormatException(readable, e);
        } catch (RuntimeException e) {
            // HAPI meets some malformed shapes (an extension array holding a string, an array or
            // null) with a NullPointerException: still the body's fault, never a 500.
            throw new DataFormatException("The body is not FHIR JSON this server can read: an element holds a value "
                    + "of a JSON type FHIR does not allow there (an extension, for example, must be an array of "
                    + "objects); check the arrays and objects against the resource's definition", e);
        }
    }

    /** Parses what this system wrote itself (stored rows, events): lenient, so older shapes still read. */
    public static <T extends IBaseResource> T parse(Class<T> type, String json) {
        return CONTEXT.newJsonParser().parseResource(type, json);
    }

    public static String toJson(IBaseResource resource) {
        if (resource instanceof StoredEntriesBundle stored) {
            return stored.toJson();
        }
        return CONTEXT.newJsonParser().encodeResourceToString(resource);
    }
}
