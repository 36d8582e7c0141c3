package city.onetem.referrals;

import city.onetem.platform.fhir.CodedValue;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;

/**
 * The SPA's three priorities, most urgent first, and the FHIR priority each is published as
 * (FHIR's stat is kept for emergencies, which go to 999, not here).
 */
public enum ReferralPriority implements CodedValue {
    UCR_2_HOUR("ucr-2-hour", "Urgent community response within 2 hours", ServiceRequestPriority.ASAP),
    SAME_DAY("same-day", "Same day", ServiceRequestPriority.URGENT),
    ROUTINE("routine", "Routine", ServiceRequestPriority.ROUTINE);

    public static final String SYSTEM = "https://onetem.city/fhir/CodeSystem/referral-priority";

    private final String code;
    private final String display;
    private final ServiceRequestPriority fhir;

    ReferralPriority(String code, String display, ServiceRequestPriority fhir) {
        this.code = code;
        this.display = display;
        this.fhir = fhir;
    }

    public ServiceRequestPriority fhir() {
        return fhir;
    }

    /** What a referrer's FHIR priority means here before triage: asap or stat is same day until triaged. */
    public static ReferralPriority fromFhir(ServiceRequestPriority priority) {
        if (priority == null || priority == ServiceRequestPriority.ROUTINE || priority == ServiceRequestPriority.NULL) {
            return ROUTINE;
        }
        return SAME_DAY;
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
