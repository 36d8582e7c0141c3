package city.onetem.referrals;

import city.onetem.platform.fhir.CodedValue;
/**
 * Who made the referral: the SPA accepts referrals from all of these. Referrers say it in their own
 * codes (UK Core's SNOMED CT value set); vocabulary/referral-sources.tsv maps those to these.
 */
public enum ReferralSource implements CodedValue {
    NHS_111("nhs111", "NHS 111"),
    AMBULANCE("ambulance", "999 / ambulance service"),
    URGENT_COMMUNITY_RESPONSE("urgent-community-response", "Urgent community response"),
    GP("gp", "GP practice"),
    HOSPITAL("hospital", "Hospital"),
    SELF("self", "The person themselves"),
    CARER("carer", "A carer or relative"),
    OTHER_AGENCY("other-agency", "Another agency"),
    /** Neither stated nor derivable from the requester or the caller: the SPA sees the requester as sent. */
    NOT_STATED("not-stated", "Not stated");

    public static final String SYSTEM = "https://onetem.city/fhir/CodeSystem/referral-source";
    /** UK Core's extension for where a ServiceRequest came from. */
    public static final String EXTENSION = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-SourceOfServiceRequest";

    private final String code;
    private final String display;

    ReferralSource(String code, String display) {
        this.code = code;
        this.display = display;
    }

    /** People referring themselves or a relative have no organisation to name as requester. */
    public boolean needsRequesterOrganisation() {
        return this != SELF && this != CARER;
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
