package city.onetem.platform.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

class OperationParametersTest {

    @Test
    void aParameterWithoutANameIsA400NamingItNotANullPointer() {
        // The fuzzer found it: HAPI's Parameters.getParameter(name) threw a NullPointerException (a 500).
        Parameters body = new Parameters();
        body.addParameter().setName("reason").setValue(new StringType("Moved away"));
        body.addParameter().setValue(new StringType("no name"));
        FhirException refused = assertThrows(FhirException.class, () -> new OperationParameters("$cancel", body));
        assertEquals(400, refused.status());
        assertEquals("Parameters.parameter[1].name", refused.expression());
        assertTrue(refused.getMessage().contains("every parameter needs a name"), refused.getMessage());
    }

    @Test
    void aPartWithoutANameIsRefusedToo() {
        Parameters body = new Parameters();
        body.addParameter().setName("action").addPart().setValue(new StringType("OT visit"));
        FhirException refused = assertThrows(FhirException.class, () -> new OperationParameters("$mdt-review", body));
        assertEquals("Parameters.parameter[0].part[0].name", refused.expression());
    }

    @Test
    void aNameGivenOnlyAsAnExtensionIsNoName() {
        // {"_name": {"extension": [...]}}: the element is there, its value is not (a NullPointerException in the first fix).
        Parameters body = new Parameters();
        body.addParameter().setNameElement((StringType) new StringType().setId("x1")).setValue(new StringType("x"));
        FhirException refused = assertThrows(FhirException.class, () -> new OperationParameters("$triage", body));
        assertEquals("Parameters.parameter[0].name", refused.expression());
    }

    @Test
    void namedParametersAreReadAsBefore() {
        Parameters body = new Parameters();
        body.addParameter().setName("reason").setValue(new StringType("Moved away"));
        assertEquals("Moved away", new OperationParameters("$cancel", body).requiredText("reason", "why"));
    }
}
