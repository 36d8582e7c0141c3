package city.onetem.platform.fhir;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An NHS number: 10 digits whose last is a modulus 11 check digit over the first nine
 * (weights 10 down to 2; check = 11 - sum mod 11; 11 becomes 0; 10 means no valid number).
 */
public record NhsNumber(String value) {

    public static final String SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

    public NhsNumber {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why this text is not an NHS number, or null when it is one. Spaces as printed on letters are not accepted. */
    public static String problem(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return "NHS number is missing";
        }
        if (candidate.length() != 10 || !candidate.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "NHS number '" + candidate + "' must be exactly 10 digits with no spaces";
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (candidate.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            check = 0;
        }
        if (check == 10 || check != candidate.charAt(9) - '0') {
            return "NHS number '" + candidate + "' fails the modulus 11 check: check the digits with the person's record";
        }
        return null;
    }

    private static final Pattern IN_JSON = Pattern.compile(
            "\\{\"system\":\"" + Pattern.quote(SYSTEM) + "\",\"value\":\"(\\d{10})\"");

    /**
     * The first NHS number in a resource's JSON as this system stores it (HAPI's encoding puts an
     * identifier's system before its value): the person a stored version is about. Null if none.
     */
    public static String firstIn(String json) {
        Matcher found = IN_JSON.matcher(json);
        return found.find() ? found.group(1) : null;
    }

    /**
     * The person a request names by this identifier ({@code expression} its FHIRPath): an NHS
     * number under {@link #SYSTEM}, or a 400 that says what is wrong with it.
     */
    public static NhsNumber named(org.hl7.fhir.r4.model.Identifier identifier, String expression) {
        if (!SYSTEM.equals(identifier.getSystem()) || !identifier.hasValue()) {
            throw FhirException.invalid(expression, "Name the person by NHS number: an identifier with system "
                    + SYSTEM + " and the 10 digits");
        }
        String problem = problem(identifier.getValue());
        if (problem != null) {
            throw FhirException.invalid(expression, problem);
        }
        return new NhsNumber(identifier.getValue());
    }

    public static boolean isValid(String candidate) {
        return problem(candidate) == null;
    }

    @Override
    public String toString() {
        return value;
    }
}
