package city.onetem.platform.audit;

import java.util.List;
import java.util.Set;

/** One audit row: who did what to whose record, when, from where, and how it ended. */
record AuditEntry(Request request, Agent agent, String resourceType, String resourceId, Set<String> people,
        Integer httpStatus, boolean emergency) {

    /**
     * What the request was, as known when it arrived.
     *
     * @param action FHIR AuditEvent.action: C, R, U, D or E
     * @param interaction read, vread, history, search, create, update, transaction, stream, or the $operation
     * @param queryParameters the names only: values can hold clinical free text
     * @param operations for running the service (measures, admin), not for a person's care
     */
    record Request(String action, String interaction, String method, String path, List<String> queryParameters,
            String sourceAddress, String requestId, boolean operations) {
    }

    /** Who sent it, as their verified token says; all null when there was no valid token. */
    record Agent(String id, String organisation, String issuer, String roles, boolean operations) {

        static final Agent UNKNOWN = new Agent(null, null, null, null, false);
    }

    /**
     * v3 ActReason: HOPERAT for running the service and auditing it, ETREAT for care through
     * emergency access (break glass), TREAT for a person's care.
     */
    String purpose() {
        if (request.operations() || agent.operations()) {
            return "HOPERAT";
        }
        return emergency ? "ETREAT" : "TREAT";
    }

    /** FHIR AuditEvent.outcome: a change recorded in its transaction committed, so succeeded. */
    int outcome() {
        if (httpStatus == null || httpStatus < 400) {
            return 0;
        }
        return httpStatus < 500 ? 4 : 8;
    }
}
