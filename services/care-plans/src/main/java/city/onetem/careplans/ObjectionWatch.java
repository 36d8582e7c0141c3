package city.onetem.careplans;

import city.onetem.platform.events.EventTypes;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.relationships.Objections;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The objections to sharing in force, in memory, for the open streams: a stream decides whether
 * to send a change on the thread that sends it, which must not wait on the database. Loaded when
 * the feed starts and kept current from the Consent events the feed reads, on every instance.
 */
@ApplicationScoped
public class ObjectionWatch {

    private static final Logger LOG = Logger.getLogger(ObjectionWatch.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CONSENT_CHANGES = Set.of(EventTypes.CONSENT_CREATED, EventTypes.CONSENT_UPDATED);
    private static final String PERSON = NhsNumber.SYSTEM + "|";

    @Inject
    AgroalDataSource dataSource;

    /** Person, then consent id, then what that consent refuses. */
    private final Map<String, Map<String, List<Objections.Rule>>> byPerson = new ConcurrentHashMap<>();

    void load() {
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery(
                        "select nhs_number, consent_id, recipient, keeper from sharing_objection")) {
            while (rows.next()) {
                byPerson.computeIfAbsent(rows.getString(1), person -> new ConcurrentHashMap<>())
                        .computeIfAbsent(rows.getString(2), consent -> new ArrayList<>())
                        .add(new Objections.Rule(rows.getString(3), rows.getString(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the objections to sharing: " + e.getMessage(), e);
        }
    }

    /** Takes in a Consent event read from careplans.v1; other events pass. */
    void heard(String type, String payload) {
        if (!CONSENT_CHANGES.contains(type) || payload == null) {
            return;
        }
        try {
            JsonNode consent = JSON.readTree(payload);
            String person = consent.path("patient").path("identifier").path("value").asText(null);
            String id = consent.path("id").asText(null);
            if (person == null || id == null) {
                return;
            }
            byPerson.computeIfAbsent(person, p -> new ConcurrentHashMap<>()).put(id, Objections.of(consent));
        } catch (JsonProcessingException e) {
            LOG.warnf("A Consent event could not be read, so the streams keep what they knew: %s", e.getMessage());
        }
    }

    /** Whether a change names a person who refused this organisation (null: a caller with none). */
    boolean withholds(CarePlanChange change, String organisation) {
        for (String concern : change.concerns()) {
            if (concern.startsWith(PERSON)) {
                Map<String, List<Objections.Rule>> consents = byPerson.get(concern.substring(PERSON.length()));
                if (consents != null && consents.values().stream().flatMap(List::stream)
                        .anyMatch(rule -> rule.refuses(organisation))) {
                    return true;
                }
            }
        }
        return false;
    }
}
