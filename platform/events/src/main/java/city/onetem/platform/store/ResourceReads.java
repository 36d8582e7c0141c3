package city.onetem.platform.store;

import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.ResourceVersions;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/** The FHIR read, vread and history interactions over a service's versioned resources. */
public final class ResourceReads {

    private ResourceReads() {
    }

    /** 200 with the current version and its ETag, or 404 naming what was asked for. */
    public static <R extends Resource> Response read(Class<R> type, String id, VersionedResource found) {
        if (found == null) {
            throw FhirException.notFound(type.getSimpleName(), id);
        }
        return ResourceVersions.ok(Fhir.parse(type, found.resource), found.version);
    }

    public static <R extends Resource> Response vread(Class<R> type, String id, long version, ResourceVersion found) {
        if (found == null) {
            throw FhirException.notFound(type.getSimpleName(), id + "/_history/" + version);
        }
        return ResourceVersions.ok(Fhir.parse(type, found.resource), found.version);
    }

    /** Every version, newest first; the first was a create, the rest updates. */
    public static <R extends Resource> Bundle history(Class<R> type, String id, String baseUrl,
            List<? extends ResourceVersion> versions) {
        if (versions.isEmpty()) {
            throw FhirException.notFound(type.getSimpleName(), id);
        }
        return Bundles.history(type, baseUrl, versions);
    }
}
