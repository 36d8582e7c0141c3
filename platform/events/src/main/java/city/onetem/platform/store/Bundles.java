package city.onetem.platform.store;

import city.onetem.platform.fhir.Fhir;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Resource;

/** Search and history Bundles built from stored resources. */
public final class Bundles {

    private Bundles() {
    }

    public static <T extends Resource> Bundle searchSet(Class<T> type, String baseUrl, List<String> resources) {
        Bundle bundle = new Bundle().setType(BundleType.SEARCHSET).setTotal(resources.size());
        bundle.getMeta().setLastUpdated(new Date());
        for (String json : resources) {
            T resource = Fhir.parse(type, json);
            bundle.addEntry().setFullUrl(baseUrl + "/" + resource.getIdElement().getIdPart()).setResource(resource)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
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
