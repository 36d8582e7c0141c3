package city.onetem.platform.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import java.util.regex.Pattern;

/** What every refusal must be: a 4xx FHIR OperationOutcome whose issues say what to change. */
public final class FhirAnswers {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<Integer> BEFORE_READING = Set.of(401, 403, 413, 415);
    private static final Set<String> SEVERITIES = Set.of("fatal", "error", "warning", "information");
    /** Internals a caller cannot act on: Java exception class names and stack frames. */
    private static final Pattern INTERNALS = Pattern.compile(
            "(?:java|javax|jakarta|org|com|io|ca|city)\\.[a-z]+\\.[A-Za-z.]*(?:Exception|Error)\\b|\\bat [a-z]+\\.[\\w.$]+\\(");

    private FhirAnswers() {
    }

    /**
     * Fails unless the answer is a client error (400-499) carrying an OperationOutcome with at
     * least one issue, each with a severity, a code and diagnostics a person can act on.
     */
    public static void assertRefusal(int status, String contentType, String body) {
        if (status < 400 || status > 499) {
            throw new AssertionError("expected a 4xx refusal, got " + status);
        }
        assertOperationOutcome(status, contentType, body);
    }

    /**
     * Fails unless the answer is a client error carrying a FHIR response message: a message Bundle
     * whose MessageHeader's response code is fatal-error and whose OperationOutcome entry passes
     * {@link #assertOperationOutcome}. Refusals made before the message is read (401, 403, 413,
     * 415: no token, wrong role, too large, not JSON) are the plain OperationOutcome of every endpoint.
     */
    public static void assertMessageRefusal(int status, String contentType, String body) {
        if (status < 400 || status > 499) {
            throw new AssertionError("expected a 4xx refusal, got " + status);
        }
        if (BEFORE_READING.contains(status)) {
            assertOperationOutcome(status, contentType, body);
            return;
        }
        JsonNode message;
        try {
            message = MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(status + " answered with a body that is not JSON: " + cut(body));
        }
        JsonNode header = message == null ? null : message.path("entry").path(0).path("resource");
        if (!"message".equals(message == null ? null : message.path("type").asText())
                || !"MessageHeader".equals(header.path("resourceType").asText())
                || !"fatal-error".equals(header.path("response").path("code").asText())) {
            throw new AssertionError(status + " answered without a response message saying fatal-error: " + cut(body));
        }
        for (JsonNode entry : message.path("entry")) {
            if ("OperationOutcome".equals(entry.path("resource").path("resourceType").asText())) {
                assertOperationOutcome(status, contentType, entry.path("resource").toString());
                return;
            }
        }
        throw new AssertionError(status + " answered with a response message without an OperationOutcome: " + cut(body));
    }

    /** Fails unless the body is an OperationOutcome whose every issue has severity, code and useful diagnostics. */
    public static void assertOperationOutcome(int status, String contentType, String body) {
        if (contentType == null || !(contentType.startsWith("application/fhir+json") || contentType.startsWith("application/json"))) {
            throw new AssertionError(status + " answered with Content-Type " + contentType + ", not FHIR JSON: " + cut(body));
        }
        JsonNode outcome;
        try {
            outcome = MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(status + " answered with a body that is not JSON: " + cut(body));
        }
        if (outcome == null || !"OperationOutcome".equals(outcome.path("resourceType").asText())) {
            throw new AssertionError(status + " answered without an OperationOutcome: " + cut(body));
        }
        JsonNode issues = outcome.path("issue");
        if (!issues.isArray() || issues.isEmpty()) {
            throw new AssertionError(status + " answered with an OperationOutcome without issues: " + cut(body));
        }
        for (JsonNode issue : issues) {
            String severity = issue.path("severity").asText("");
            String code = issue.path("code").asText("");
            String diagnostics = issue.path("diagnostics").asText("");
            if (!SEVERITIES.contains(severity) || code.isBlank()) {
                throw new AssertionError(status + " answered with an issue lacking severity or code: " + cut(body));
            }
            if (diagnostics.isBlank() || diagnostics.length() < 10) {
                throw new AssertionError(status + " answered with an issue without diagnostics a person can act on: "
                        + cut(body));
            }
            if (INTERNALS.matcher(diagnostics).find()) {
                throw new AssertionError(status + " answered with diagnostics naming the server's internals: " + cut(body));
            }
        }
    }

    static String cut(String text) {
        if (text == null) {
            return "(no body)";
        }
        return text.length() <= 600 ? text : text.substring(0, 600) + "...(" + text.length() + " characters)";
    }
}
