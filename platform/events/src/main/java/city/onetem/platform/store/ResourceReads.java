package city.onetem.platform.store;

import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.ResourceVersions;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Date;
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
        AuditTrail.about(found.nhsNumber);
        return ResourceVersions.ok(found.resource, found.version, Date.from(found.lastUpdated));
    }

    /**
     * 200 for the version an update or operation just wrote: ETag, Last-Modified and
     * Content-Location naming that version, as FHIR servers answer, so a client (HAPI's generic
     * client, say) learns the id and version it now holds without reading again.
     */
    public static Response written(UriInfo uri, String type, VersionedResource written) {
        return Response.fromResponse(ResourceVersions.ok(written.resource, written.version,
                Date.from(written.lastUpdated)))
                .header("Content-Location", ResourceVersions.location(uri, type, written.id, written.version)).build();
    }

    /** 201 for the version just written, with Location and ETag. */
    public static Response created(UriInfo uri, String type, VersionedResource written) {
        return ResourceVersions.created(uri, written.resource, type, written.id, written.version,
                Date.from(written.lastUpdated));
    }

    /**
     * A create's answer: 201 with Location for the version it wrote, or 200 with the resource a
     * conditional create found instead (Content-Location naming its version), as FHIR answers.
     */
    public static Response created(UriInfo uri, String type, Written<?> written) {
        return written.created() ? created(uri, type, written.record()) : written(uri, type, written.record());
    }

    public static <R extends Resource> Response vread(Class<R> type, String id, long version, ResourceVersion found) {
        if (found == null) {
            throw FhirException.notFound(type.getSimpleName(), id + "/_history/" + version);
        }
        AuditTrail.about(NhsNumber.firstIn(found.resource));
        return ResourceVersions.ok(found.resource, found.version, Date.from(found.lastUpdated));
    }

    /** Every version, newest first; the first was a create, the rest updates. */
    public static <R extends Resource> Bundle history(Class<R> type, String id, String baseUrl,
            List<? extends ResourceVersion> versions) {
        if (versions.isEmpty()) {
            throw FhirException.notFound(type.getSimpleName(), id);
        }
        AuditTrail.about(NhsNumber.firstIn(versions.get(0).resource));
        return Bundles.history(type, baseUrl, versions);
    }
}
