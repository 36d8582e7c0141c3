package city.onetem.platform.testing.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One write endpoint or operation as a fuzzer calls it: its method and path, whose token, a valid
 * body to mutate, and where the path names a resource, how to get one to aim at. The path's
 * {@code {id}} is the target's id, and so is {@code {id}} anywhere in the body (an update names
 * the resource it replaces). A 2xx (a mutation that is still valid) is handed to
 * {@link #onAccepted} so the next try aims at a resource in the state the operation needs.
 */
public final class WriteEndpoint {

    final String method;
    final String pathTemplate;
    String token;
    String validBody;
    String contentType = "application/fhir+json";
    Supplier<String> id = () -> "";
    Supplier<String> ifMatch;
    final Map<String, String> queryParameters = new LinkedHashMap<>();
    Consumer<Answer> onAccepted = answer -> {
    };
    boolean answersWithMessages;

    private WriteEndpoint(String method, String pathTemplate) {
        this.method = method;
        this.pathTemplate = pathTemplate;
    }

    public static WriteEndpoint post(String pathTemplate) {
        return new WriteEndpoint("POST", pathTemplate);
    }

    public static WriteEndpoint put(String pathTemplate) {
        return new WriteEndpoint("PUT", pathTemplate);
    }

    /** "POST /fhir/ServiceRequest/{id}/$triage": how failures and {@link Fuzz#ONLY} name it. */
    public String name() {
        return method + " " + pathTemplate;
    }

    public WriteEndpoint as(String bearerToken) {
        this.token = bearerToken;
        return this;
    }

    /** The valid body each case mutates; none means the endpoint takes no body (the fuzzer sends junk anyway). */
    public WriteEndpoint body(String validJson) {
        this.validBody = validJson;
        return this;
    }

    public WriteEndpoint contentType(String mediaType) {
        this.contentType = mediaType;
        return this;
    }

    /** The resource the path's {id} names, asked for before every try. */
    public WriteEndpoint target(Supplier<String> currentId) {
        this.id = currentId;
        return this;
    }

    /** The If-Match that would be current; the fuzzer sends it, none, or a wrong one. */
    public WriteEndpoint ifMatch(Supplier<String> current) {
        this.ifMatch = current;
        return this;
    }

    /** A query parameter with a valid value; the fuzzer sends it, leaves it out, or sends garbage. */
    public WriteEndpoint query(String name, String validValue) {
        queryParameters.put(name, validValue);
        return this;
    }

    /**
     * A FHIR messaging endpoint ($process-message): it refuses with a response message whose
     * MessageHeader says fatal-error and which carries the OperationOutcome, as BaRS specifies.
     */
    public WriteEndpoint answersWithMessages() {
        this.answersWithMessages = true;
        return this;
    }

    /** Called with every 2xx answer, e.g. to move on to a fresh resource. */
    public WriteEndpoint onAccepted(Consumer<Answer> then) {
        this.onAccepted = then;
        return this;
    }

    /** What the service answered. */
    public record Answer(int status, String contentType, String etag, String body) {
    }
}
