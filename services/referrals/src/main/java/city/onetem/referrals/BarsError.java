package city.onetem.referrals;

import city.onetem.platform.fhir.FhirException;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader.ResponseType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A refusal of a BaRS message, as the standard answers it: an HTTP status, a BaRS error code
 * (https://fhir.nhs.uk/CodeSystem/http-error-codes, the receiver's REC_ codes) in
 * OperationOutcome.issue.details, a FHIR issue code, and diagnostics saying what to change.
 */
final class BarsError extends RuntimeException {

    static final String SYSTEM = "https://fhir.nhs.uk/CodeSystem/http-error-codes";

    /** The receiver's codes BaRS defines, by HTTP status. */
    private static final Map<Integer, String> CODES = Map.ofEntries(
            Map.entry(400, "REC_BAD_REQUEST"), Map.entry(401, "REC_UNAUTHORIZED"), Map.entry(403, "REC_FORBIDDEN"),
            Map.entry(404, "REC_NOT_FOUND"), Map.entry(405, "REC_METHOD_NOT_ALLOWED"),
            Map.entry(408, "REC_TIMEOUT"), Map.entry(409, "REC_CONFLICT"),
            Map.entry(422, "REC_UNPROCESSABLE_ENTITY"), Map.entry(425, "REC_TOO_EARLY"),
            Map.entry(500, "REC_SERVER_ERROR"), Map.entry(501, "REC_NOT_IMPLEMENTED"),
            Map.entry(503, "REC_SERVICE_UNAVAILABLE"));

    private final int status;
    private final IssueType issue;
    private final String expression;
    private final Integer retryAfterSeconds;

    BarsError(int status, IssueType issue, String diagnostics, String expression, Integer retryAfterSeconds) {
        super(diagnostics, null, false, false);
        this.status = status;
        this.issue = issue;
        this.expression = expression;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The same refusal a plain FHIR request gets, with its BaRS code. */
    static BarsError of(FhirException e) {
        return new BarsError(e.status(), e.issueType(), e.getMessage(), e.expression(), e.retryAfterSeconds());
    }

    static BarsError badRequest(String expression, IssueType issue, String diagnostics) {
        return new BarsError(400, issue, diagnostics, expression, null);
    }

    static BarsError notFound(String diagnostics) {
        return new BarsError(404, IssueType.NOTFOUND, diagnostics, null, null);
    }

    /** A message already received and processed, sent again under the same X-Request-ID. */
    static BarsError duplicate(String diagnostics) {
        return new BarsError(409, IssueType.DUPLICATE, diagnostics, null, null);
    }

    static BarsError notSupported(String diagnostics) {
        return new BarsError(422, IssueType.NOTSUPPORTED, diagnostics, null, null);
    }

    int status() {
        return status;
    }

    /** The BaRS code for this status, or null where BaRS defines none. */
    String code() {
        return CODES.get(status);
    }

    Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** transient-error when trying again later may work (5xx), fatal-error when the message must change. */
    ResponseType responseCode() {
        return status >= 500 ? ResponseType.TRANSIENTERROR : ResponseType.FATALERROR;
    }

    OperationOutcome outcome() {
        OperationOutcome outcome = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent entry = outcome.addIssue().setSeverity(IssueSeverity.ERROR)
                .setCode(issue).setDiagnostics(getMessage());
        if (code() != null) {
            entry.setDetails(new CodeableConcept(new Coding(SYSTEM, code(), status + " - " + code())));
        }
        if (expression != null) {
            entry.addExpression(expression);
        }
        return outcome;
    }
}
