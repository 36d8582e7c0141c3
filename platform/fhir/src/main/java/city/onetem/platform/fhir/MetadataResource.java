package city.onetem.platform.fhir;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.hl7.fhir.r4.model.CapabilityStatement;

/** GET /fhir/metadata, open to all: the CapabilityStatement the service produces of what it really supports. */
@Path("/fhir/metadata")
@PermitAll
public class MetadataResource {

    @Inject
    CapabilityStatement capabilities;

    @GET
    @Produces({FhirMediaType.FHIR_JSON, "application/json"})
    public CapabilityStatement metadata() {
        return capabilities;
    }
}
