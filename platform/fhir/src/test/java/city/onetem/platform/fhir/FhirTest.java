package city.onetem.platform.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.parser.DataFormatException;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

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
}
