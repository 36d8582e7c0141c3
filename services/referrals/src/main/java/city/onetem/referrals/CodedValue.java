package city.onetem.referrals;

import city.onetem.platform.fhir.FhirException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** A code from one of the SPA's code systems, as the enums of this package carry them. */
interface CodedValue {

    String code();

    String display();

    default Coding coding(String system) {
        return new Coding(system, code(), display());
    }

    /** The value the concept codes in this system; a 400 naming the element and the allowed codes otherwise. */
    static <E extends Enum<E> & CodedValue> E from(Class<E> type, String system, CodeableConcept concept,
            String expression) {
        String allowed = Arrays.stream(type.getEnumConstants()).map(CodedValue::code)
                .collect(Collectors.joining(", "));
        for (Coding coding : concept.getCoding()) {
            if (system.equals(coding.getSystem())) {
                return byCode(type, coding.getCode()).orElseThrow(() -> FhirException.invalid(expression,
                        "'" + coding.getCode() + "' is not a code of " + system + "; use one of: " + allowed));
            }
        }
        throw FhirException.invalid(expression, expression + " needs a coding from " + system + " (" + allowed + ")");
    }

    static <E extends Enum<E> & CodedValue> java.util.Optional<E> byCode(Class<E> type, String code) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.code().equals(code)).findFirst();
    }
}
