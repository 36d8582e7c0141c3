package city.onetem.platform.fhir;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** FHIR versioning on the wire: weak ETags W/"n", If-Match, and Location .../Type/id/_history/n. */
public final class ResourceVersions {

    private ResourceVersions() {
    }

    public static EntityTag etag(long version) {
        return new EntityTag(Long.toString(version), true);
    }

    /**
     * The version an If-Match header names. Accepts W/"3", "3" and 3, as FHIR clients send all
     * three; anything else is a 400 rather than a silent unconditional update.
     */
    public static long parseIfMatch(String header) {
        String value = header.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw FhirException.badRequest("If-Match must name a version as W/\"<n>\", got: " + header);
        }
    }

    public static URI location(UriInfo uri, String type, String id, long version) {
        return uri.getBaseUriBuilder().path("fhir").path(type).path(id).path("_history")
                .path(Long.toString(version)).build();
    }

    /** 201 Created with Location and ETag, the resource as stored (FHIR JSON) in the body. */
    public static Response created(UriInfo uri, String json, String type, String id, long version, Date lastUpdated) {
        return Response.created(location(uri, type, id, version)).tag(etag(version)).lastModified(lastUpdated)
                .type(FhirMediaType.FHIR_JSON).entity(json).build();
    }

    /** 200 with ETag and Last-Modified, the resource as stored (FHIR JSON): sent as it is, not parsed and encoded again. */
    public static Response ok(String json, long version, Date lastUpdated) {
        return Response.ok(json, FhirMediaType.FHIR_JSON).tag(etag(version)).lastModified(lastUpdated).build();
    }

    /** 200 with ETag and Last-Modified: a read, a vread or an update. */
    public static Response ok(IBaseResource resource, long version) {
        return Response.ok(resource, FhirMediaType.FHIR_JSON).tag(etag(version))
                .lastModified(lastUpdated(resource)).build();
    }

    private static Date lastUpdated(IBaseResource resource) {
        return resource.getMeta().getLastUpdated();
    }
}
