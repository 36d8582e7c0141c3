package city.onetem.platform.fhir;

public final class Identifiers {

    public static final String NHS_NUMBER = NhsNumber.SYSTEM;
    public static final String ODS_ORGANIZATION = "https://fhir.nhs.uk/Id/ods-organization-code";

    private Identifiers() {
    }
}
