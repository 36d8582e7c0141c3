package city.onetem.platform.fhir;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;

/**
 * The person a search is about. Clients name them in several FHIR spellings, all accepted:
 * patient.identifier, patient:identifier, subject:identifier, each as [system|]NHS number.
 */
public final class PatientSearch {

    public static final List<String> PARAMETERS = List.of("patient.identifier", "patient:identifier",
            "subject:identifier");

    private PatientSearch() {
    }

    /** The NHS number searched for, or null when the search names no person. */
    public static NhsNumber nhsNumber(MultivaluedMap<String, String> query) {
        for (String name : PARAMETERS) {
            String token = query.getFirst(name);
            if (token != null) {
                return parse(name, token);
            }
        }
        return null;
    }

    static NhsNumber parse(String parameter, String token) {
        String value = token;
        int bar = token.indexOf('|');
        if (bar >= 0) {
            String system = token.substring(0, bar);
            if (!system.isEmpty() && !system.equals(NhsNumber.SYSTEM)) {
                throw FhirException.invalid(parameter, "Only NHS numbers (" + NhsNumber.SYSTEM
                        + ") identify people here, not " + system);
            }
            value = token.substring(bar + 1);
        }
        String problem = NhsNumber.problem(value);
        if (problem != null) {
            throw FhirException.invalid(parameter, problem);
        }
        return new NhsNumber(value);
    }
}
