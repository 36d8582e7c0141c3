package city.onetem.platform.fhir;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.util.Locale;

/**
 * FHIR's {@code Prefer: return=...} on a write (http.html#ops): what the body of a create, an
 * update or an operation that wrote a version holds. {@code minimal}: nothing (the Location or
 * Content-Location, ETag and Last-Modified say what was written); {@code OperationOutcome}: an
 * OperationOutcome saying what was written; {@code representation}, or no Prefer: the resource.
 * A write is a 200 or 201 that names the version it wrote in Location or Content-Location.
 */
@Provider
public class PreferReturn implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String prefer = request.getHeaderString("Prefer");
        if (prefer == null || (response.getStatus() != 200 && response.getStatus() != 201)
                || response.getHeaders().containsKey("Preference-Applied")) {
            return; // not a write, or the resource answered the preference itself with more to say
        }
        Object location = response.getHeaders().getFirst("Location");
        if (location == null) {
            location = response.getHeaders().getFirst("Content-Location");
        }
        if (location == null) {
            return;
        }
        String wanted = returnPreference(prefer);
        if ("minimal".equals(wanted)) {
            response.setEntity(null);
            response.getHeaders().remove("Content-Type");
            response.getHeaders().putSingle("Preference-Applied", "return=minimal");
        } else if ("operationoutcome".equals(wanted)) {
            response.setEntity(OperationOutcomes.information((response.getStatus() == 201 ? "Created " : "Wrote ")
                    + location), new Annotation[0], MediaType.valueOf(FhirMediaType.FHIR_JSON));
            response.getHeaders().putSingle("Preference-Applied", "return=OperationOutcome");
        }
    }

    /** The value of return= in a Prefer header (lower case), or null. */
    static String returnPreference(String prefer) {
        for (String part : prefer.split("[,;]")) {
            String token = part.trim().toLowerCase(Locale.ROOT);
            if (token.startsWith("return=")) {
                return token.substring("return=".length()).replace("\"", "").trim();
            }
        }
        return null;
    }
}
