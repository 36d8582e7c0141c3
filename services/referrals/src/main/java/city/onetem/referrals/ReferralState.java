package city.onetem.referrals;

import city.onetem.platform.fhir.CodedValue;
import city.onetem.platform.events.ReferralContract;
import java.util.Set;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;

/**
 * Where a referral is in the SPA: received -> triaged -> accepted | redirected | declined ->
 * completed, or cancelled / entered-in-error from any open state. Each state names the FHIR
 * ServiceRequest.status it is published with.
 */
public enum ReferralState implements CodedValue {
    RECEIVED("received", "Received", ServiceRequestStatus.ACTIVE),
    TRIAGED("triaged", "Triaged", ServiceRequestStatus.ACTIVE),
    ACCEPTED("accepted", "Accepted", ServiceRequestStatus.ACTIVE),
    REDIRECTED("redirected", "Redirected to another service", ServiceRequestStatus.REVOKED),
    DECLINED("declined", "Declined", ServiceRequestStatus.REVOKED),
    COMPLETED("completed", "Completed", ServiceRequestStatus.COMPLETED),
    CANCELLED("cancelled", "Cancelled", ServiceRequestStatus.REVOKED),
    ENTERED_IN_ERROR("entered-in-error", "Entered in error", ServiceRequestStatus.ENTEREDINERROR);

    public static final String SYSTEM = "https://onetem.city/fhir/CodeSystem/referral-state";
    public static final String EXTENSION = ReferralContract.STATE_EXTENSION;

    private final String code;
    private final String display;
    private final ServiceRequestStatus fhirStatus;

    ReferralState(String code, String display, ServiceRequestStatus fhirStatus) {
        this.code = code;
        this.display = display;
        this.fhirStatus = fhirStatus;
    }

    /** Still needs the SPA or a team: another referral for the person links to an open one. */
    public boolean isOpen() {
        return this == RECEIVED || this == TRIAGED || this == ACCEPTED;
    }

    public boolean canMoveTo(ReferralState next) {
        return switch (next) {
            case TRIAGED -> this == RECEIVED || this == TRIAGED;
            case ACCEPTED, REDIRECTED, DECLINED -> this == TRIAGED;
            case COMPLETED -> this == ACCEPTED;
            case CANCELLED, ENTERED_IN_ERROR -> isOpen();
            case RECEIVED -> false;
        };
    }

    public static Set<ReferralState> open() {
        return Set.of(RECEIVED, TRIAGED, ACCEPTED);
    }

    public ServiceRequestStatus fhirStatus() {
        return fhirStatus;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String display() {
        return display;
    }
}
