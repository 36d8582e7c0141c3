package city.onetem.platform.fhir;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Coding;

/** A code from one of the services' own code systems, as their enums carry them. */
public interface CodedValue {

    String code();

    String display();

    default Coding coding(String system) {
        return new Coding(system, code(), display());
    }

    /** The codes of a coded value, for messages that say what is allowed. */
    static <E extends Enum<E> & CodedValue> String codes(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(CodedValue::code).collect(Collectors.joining(", "));
    }

    static <E extends Enum<E> & CodedValue> java.util.Optional<E> byCode(Class<E> type, String code) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.code().equals(code)).findFirst();
    }
}
