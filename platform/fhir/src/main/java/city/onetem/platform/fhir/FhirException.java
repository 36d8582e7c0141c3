package city.onetem.platform.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A failure the caller can act on. Turned into an OperationOutcome with this HTTP status by
 * {@link FhirExceptionMappers}; the message is shown to people, so say what to change.
 */
public class FhirException extends RuntimeException {

    private final int status;
    private final IssueType issueType;
    private final String expression;
    private final Integer retryAfterSeconds;

    public FhirException(int status, IssueType issueType, String message, String expression) {
        this(status, issueType, message, expression, null);
    }

    private FhirException(int status, IssueType issueType, String message, String expression,
            Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.issueType = issueType;
        this.expression = expression;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static FhirException badRequest(String message) {
        return new FhirException(400, IssueType.INVALID, message, null);
    }

    /** A required or invalid element; expression is its FHIRPath, e.g. {@code ServiceRequest.subject}. */
    public static FhirException invalid(String expression, String message) {
        return new FhirException(400, IssueType.INVALID, message, expression);
    }

    public static FhirException notFound(String type, String id) {
        return new FhirException(404, IssueType.NOTFOUND, type + "/" + id + " is not known here", null);
    }

    /** 403: the message says what the caller lacks, never anything about the record they asked for. */
    public static FhirException forbidden(String message) {
        return new FhirException(403, IssueType.FORBIDDEN, message, null);
    }

    public static FhirException preconditionFailed(String message) {
        return new FhirException(412, IssueType.CONFLICT, message, null);
    }

    /** 428: the request must say which version it changes (If-Match). */
    public static FhirException versionRequired(String message) {
        return new FhirException(428, IssueType.REQUIRED, message, null);
    }

    public static FhirException conflict(String message) {
        return new FhirException(409, IssueType.CONFLICT, message, null);
    }

    public static FhirException businessRule(String message) {
        return new FhirException(422, IssueType.BUSINESSRULE, message, null);
    }

    /** 429: a limit on what one caller or the server takes on at once; the answer says when to try again. */
    public static FhirException tooManyRequests(String message, int retryAfterSeconds) {
        return new FhirException(429, IssueType.THROTTLED, message, null, retryAfterSeconds);
    }

    /** 503: this service cannot do it yet (a part still starting); the answer says when to try again. */
    public static FhirException unavailable(String message, int retryAfterSeconds) {
        return new FhirException(503, IssueType.TRANSIENT, message, null, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public IssueType issueType() {
        return issueType;
    }

    public String expression() {
        return expression;
    }

    /** Seconds for the Retry-After header, or null when trying again would not help. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
