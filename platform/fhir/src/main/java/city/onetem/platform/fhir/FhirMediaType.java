package city.onetem.platform.fhir;

public final class FhirMediaType {

    public static final String FHIR_JSON = "application/fhir+json";

    private FhirMediaType() {
    }
}
