package city.onetem.platform.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.parser.DataFormatException;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FhirTest {

    @Test
    void aControlCharacterInAStringIsRefusedSayingSo() {
        DataFormatException refused = assertThrows(DataFormatException.class, () -> Fhir.parseStrict(Patient.class,
                "{\"resourceType\":\"Patient\",\"identifier\":[{\"value\":\"a\\u0000b\"}]}"));
        assertTrue(refused.getMessage().contains("control character"), refused.getMessage());
        assertThrows(DataFormatException.class, () -> Fhir.parseStrict(Patient.class,
                "{\"resourceType\":\"Patient\",\"gender\":\"male\\u001B\"}"));
    }

    @Test
    void tabsNewlinesAndAnEscapedBackslashBeforeUAreText() {
        Patient patient = Fhir.parseStrict(Patient.class,
                "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"a\\tb\\nc\\\\u0000\"}]}");
        assertEquals("a\tb\nc\\u0000", patient.getNameFirstRep().getText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[[]]", "[\"x\"]", "[null]", "[1]"})
    void anExtensionArrayHoldingSomethingOtherThanObjectsIsBadInputNotAFault(String extensions) {
        // HAPI's parser met these with a NullPointerException, which reached the caller as a 500.
        DataFormatException refused = assertThrows(DataFormatException.class, () -> Fhir.parseStrict(
                ServiceRequest.class, "{\"resourceType\":\"ServiceRequest\",\"status\":\"active\","
                        + "\"intent\":\"order\",\"extension\":" + extensions + "}"));
        assertTrue(refused.getMessage().contains("JSON type"), refused.getMessage());
    }

    @Test
    void aValueOfTheWrongKindIsRefusedNamingTheElementAndValueWithoutJavaClassNames() {
        // Found by the fuzzer: the 400 said "... java.lang.NumberFormatException: For input string ...".
        DataFormatException refused = assertThrows(DataFormatException.class, () -> Fhir.parseStrict(
                org.hl7.fhir.r4.model.QuestionnaireResponse.class, "{\"resourceType\":\"QuestionnaireResponse\","
                        + "\"status\":\"completed\",\"item\":[{\"linkId\":\"falls\",\"answer\":[{\"valueInteger\":\"two\"}]}]}"));
        assertTrue(refused.getMessage().contains("valueInteger"), refused.getMessage());
        assertTrue(refused.getMessage().contains("two"), refused.getMessage());
        assertFalse(refused.getMessage().contains("java."), refused.getMessage());
        assertFalse(refused.getMessage().contains("Exception"), refused.getMessage());
    }
}
