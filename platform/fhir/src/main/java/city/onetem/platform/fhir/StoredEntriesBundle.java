package city.onetem.platform.fhir;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A searchset Bundle whose matches are resources as this system stored them, already FHIR JSON
 * (each encoded by {@link Fhir#toJson} when it was written). They are written out as they are,
 * not parsed into HAPI's model and encoded again: that round trip was over half of a search's
 * CPU (docs/performance.md, BoardBenchmark). The rest of the Bundle (type, total, meta, links) is
 * HAPI's, and the entries follow it in FHIR's element order, so the JSON is what HAPI would write.
 * The matches are not in {@link #getEntry()}: only {@link #toJson()} reads them.
 */
public final class StoredEntriesBundle extends Bundle {

    private static final long serialVersionUID = 1L;

    private final List<String> fullUrls = new ArrayList<>();
    private final List<String> resources = new ArrayList<>();

    public StoredEntriesBundle() {
        setType(BundleType.SEARCHSET);
    }

    /** A match: its full URL and the resource's stored FHIR JSON. */
    public StoredEntriesBundle addMatch(String fullUrl, String resourceJson) {
        fullUrls.add(fullUrl);
        resources.add(resourceJson);
        return this;
    }

    /** The Bundle as FHIR JSON: HAPI's encoding of all but the matches, then the matches as stored. */
    public String toJson() {
        String envelope = Fhir.toJson(copy());
        if (resources.isEmpty()) {
            return envelope;
        }
        int length = envelope.length() + 64 * resources.size();
        for (int i = 0; i < resources.size(); i++) {
            length += resources.get(i).length() + fullUrls.get(i).length();
        }
        StringBuilder json = new StringBuilder(length).append(envelope, 0, envelope.lastIndexOf('}'))
                .append(",\"entry\":[");
        for (int i = 0; i < resources.size(); i++) {
            json.append(i == 0 ? "{\"fullUrl\":\"" : ",{\"fullUrl\":\"");
            JsonStringEncoder.getInstance().quoteAsString(fullUrls.get(i), json);
            json.append("\",\"resource\":").append(resources.get(i)).append(",\"search\":{\"mode\":\"match\"}}");
        }
        return json.append("]}").toString();
    }
}
