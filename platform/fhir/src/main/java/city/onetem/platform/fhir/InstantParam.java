package city.onetem.platform.fhir;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A FHIR date search value on an instant, e.g. _lastUpdated=ge2026-11-24T09:00:00Z: the
 * comparison (gt, ge, lt, le, eq; eq when absent) and the instant.
 *
 * @param operator the JPQL comparison operator for it
 */
public record InstantParam(String operator, Instant instant) {

    public static InstantParam parse(String parameter, String value) {
        boolean prefixed = value.matches("^(gt|ge|lt|le|eq).*");
        String prefix = prefixed ? value.substring(0, 2) : "eq";
        String text = prefixed ? value.substring(2) : value;
        String operator = switch (prefix) {
            case "gt" -> ">";
            case "ge" -> ">=";
            case "lt" -> "<";
            case "le" -> "<=";
            default -> "=";
        };
        try {
            return new InstantParam(operator, OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            throw FhirException.invalid(parameter, "'" + text + "' is not an instant such as ge2026-11-24T09:00:00Z");
        }
    }
}
