package city.onetem.referrals;

import city.onetem.platform.fhir.CodedValue;
/** The service a referral asks for. */
public enum ServiceCategory implements CodedValue {
    URGENT_COMMUNITY_RESPONSE("urgent-community-response", "Urgent community response (2-hour)"),
    COMMUNITY_NURSING("community-nursing", "Community nursing"),
    REABLEMENT("reablement", "Reablement"),
    SOCIAL_CARE_ASSESSMENT("social-care-assessment", "Social care assessment"),
    MENTAL_HEALTH("mental-health", "Mental health"),
    VIRTUAL_WARD("virtual-ward", "Virtual ward"),
    OTHER("other", "Other");

    public static final String SYSTEM = "https://onetem.city/fhir/CodeSystem/service-category";

    private final String code;
    private final String display;

    ServiceCategory(String code, String display) {
        this.code = code;
        this.display = display;
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
