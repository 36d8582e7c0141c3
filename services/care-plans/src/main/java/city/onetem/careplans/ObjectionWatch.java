package city.onetem.careplans;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.relationships.Objections;
import city.onetem.platform.relationships.PlanRelationships;
import com.fasterxml.jackson.core.JsonProcessingException;
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
 * the feed starts and kept current from the plan changes the feed reads, on every instance: a
 * plan carries its person's objections in force (CarePlanContract.SHARING_OBJECTION_EXTENSION),
 * so the plan change that first shows an objection is itself withheld.
 */
@ApplicationScoped
public class ObjectionWatch {

    private static final Logger LOG = Logger.getLogger(ObjectionWatch.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PLAN_CHANGES = Set.of(EventTypes.CAREPLAN_CREATED, EventTypes.CAREPLAN_UPDATED);
    private static final String PERSON = NhsNumber.SYSTEM + "|";

    @Inject
    AgroalDataSource dataSource;

    /** Person, then what they refuse. */
    private final Map<String, List<Objections.Rule>> byPerson = new ConcurrentHashMap<>();

    void load() {
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery(
                        "select nhs_number, recipient, keeper from sharing_objection")) {
            while (rows.next()) {
                byPerson.computeIfAbsent(rows.getString(1), person -> new ArrayList<>())
                        .add(new Objections.Rule(rows.getString(2), rows.getString(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the objections to sharing: " + e.getMessage(), e);
        }
    }

    /** Takes in the objections a plan change read from careplans.v1 carries; other events pass. */
    void heard(String type, String payload) {
        if (!PLAN_CHANGES.contains(type) || payload == null) {
            return;
        }
        if (!payload.contains(CarePlanContract.SHARING_OBJECTION_EXTENSION)) {
            // The common case, read without parsing: a plan with no objection drops any its person had.
            Following.concernsOf(payload).stream().filter(concern -> concern.startsWith(PERSON))
                    .forEach(concern -> byPerson.remove(concern.substring(PERSON.length())));
            return;
        }
        try {
            PlanRelationships plan = PlanRelationships.of(JSON.readTree(payload));
            if (plan.nhsNumber() == null) {
                return;
            }
            List<Objections.Rule> rules = plan.objections().stream().map(PlanRelationships.Objection::rule).toList();
            if (rules.isEmpty()) {
                byPerson.remove(plan.nhsNumber());
            } else {
                byPerson.put(plan.nhsNumber(), rules);
            }
        } catch (JsonProcessingException e) {
            LOG.warnf("A plan change could not be read, so the streams keep the objections they knew: %s",
                    e.getMessage());
        }
    }

    /** Whether a change names a person who refused this organisation (null: a caller with none). */
    boolean withholds(CarePlanChange change, String organisation) {
        for (String concern : change.concerns()) {
            if (concern.startsWith(PERSON)) {
                List<Objections.Rule> rules = byPerson.get(concern.substring(PERSON.length()));
                if (rules != null && rules.stream().anyMatch(rule -> rule.refuses(organisation))) {
                    return true;
                }
            }
        }
        return false;
    }
}
