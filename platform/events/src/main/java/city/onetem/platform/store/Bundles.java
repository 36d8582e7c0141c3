package city.onetem.platform.store;

import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.OperationOutcomes;
import city.onetem.platform.fhir.StoredEntriesBundle;
import jakarta.ws.rs.core.UriInfo;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Resource;

/** Search and history Bundles built from stored resources. */
public final class Bundles {

    /** A FHIR id; anything else where one is expected (an escape, say) is read the long way. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private Bundles() {
    }

    /**
     * One page of a search: the rows {@link StoredSearch#page} fetched (this page's, and one more
     * when there is a next page), with a self link, and next and previous links as there are pages,
     * as FHIR clients follow them (HAPI's loadPage().next(bundle)). Bundle.total is given when it is
     * known without counting every match: on the last page.
     */
    public static <T extends Resource> Bundle searchSet(Class<T> type, String baseUrl, UriInfo uri, StoredSearch search,
            List<String> rows) {
        boolean more = rows.size() > search.count();
        Bundle bundle = searchSet(type, baseUrl, more ? rows.subList(0, search.count()) : rows);
        if (more) {
            bundle.setTotalElement(null);
        } else {
            bundle.setTotal(search.offset() + rows.size());
        }
        bundle.addLink().setRelation(Bundle.LINK_SELF).setUrl(uri.getRequestUri().toString());
        if (more) {
            bundle.addLink().setRelation(Bundle.LINK_NEXT).setUrl(uri.getRequestUriBuilder()
                    .replaceQueryParam("_offset", search.offset() + search.count()).build().toString());
        }
        if (search.offset() > 0) {
            bundle.addLink().setRelation(Bundle.LINK_PREV).setUrl(uri.getRequestUriBuilder()
                    .replaceQueryParam("_offset", Math.max(0, search.offset() - search.count())).build().toString());
        }
        return bundle;
    }

    /** The matches as stored, each written out as it is (StoredEntriesBundle). */
    static <T extends Resource> Bundle searchSet(Class<T> type, String baseUrl, List<String> resources) {
        StoredEntriesBundle bundle = new StoredEntriesBundle();
        bundle.setTotal(resources.size()).getMeta().setLastUpdated(new Date());
        String typeName = type.getSimpleName();
        for (String json : resources) {
            String id = storedId(typeName, json);
            if (id == null) {
                // Not as Fhir.toJson writes it: parse it, and write it as HAPI does.
                T resource = Fhir.parse(type, json);
                id = resource.getIdElement().getIdPart();
                json = Fhir.toJson(resource);
            }
            bundle.addMatch(baseUrl + "/" + id, json);
        }
        return bundle;
    }

    /**
     * The logical id of a resource as Fhir.toJson wrote it (resourceType first, then id); null for
     * JSON in any other shape.
     */
    static String storedId(String typeName, String json) {
        String prefix = "{\"resourceType\":\"" + typeName + "\",\"id\":\"";
        if (!json.startsWith(prefix)) {
            return null;
        }
        int end = json.indexOf('"', prefix.length());
        String id = end < 0 ? null : json.substring(prefix.length(), end);
        return id != null && FHIR_ID.matcher(id).matches() ? id : null;
    }

    /**
     * A transaction or batch entry's answer for a version written: 201 Created, or 200 OK when
     * the resource was there already (a repeat, a conditional create that matched); the location
     * names the version, with its ETag and Last-Modified, as a single create answers in headers.
     */
    public static Bundle.BundleEntryResponseComponent written(String type, VersionedResource written,
            boolean created) {
        return new Bundle.BundleEntryResponseComponent().setStatus(created ? "201 Created" : "200 OK")
                .setLocation(type + "/" + written.id + "/_history/" + written.version)
                .setEtag("W/\"" + written.version + "\"").setLastModified(Date.from(written.lastUpdated));
    }

    /** A transaction or batch entry's answer for a refusal: the status and OperationOutcome a single request gets. */
    public static Bundle.BundleEntryResponseComponent refused(FhirException refusal) {
        return new Bundle.BundleEntryResponseComponent().setStatus(status(refusal.status()))
                .setOutcome(OperationOutcomes.error(refusal.issueType(), refusal.getMessage(), refusal.expression()));
    }

    /** "404 Not Found": an HTTP status as Bundle.entry.response.status gives it. */
    public static String status(int code) {
        String reason = switch (code) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 413 -> "Payload Too Large";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "";
        };
        return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
    }

    /** Newest first, as FHIR asks of _history. */
    public static <T extends Resource> Bundle history(Class<T> type, String baseUrl,
            List<? extends ResourceVersion> versions) {
        Bundle bundle = new Bundle().setType(BundleType.HISTORY).setTotal(versions.size());
        for (ResourceVersion version : versions) {
            T resource = Fhir.parse(type, version.resource);
            Bundle.BundleEntryComponent entry = bundle.addEntry()
                    .setFullUrl(baseUrl + "/" + version.id)
                    .setResource(resource);
            entry.getRequest().setMethod(version.version == 1 ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT)
                    .setUrl(type.getSimpleName() + "/" + version.id);
            entry.getResponse().setStatus(version.version == 1 ? "201 Created" : "200 OK")
                    .setEtag("W/\"" + version.version + "\"").setLastModified(Date.from(version.lastUpdated));
        }
        return bundle;
    }
}
