package city.onetem.platform.store;

import city.onetem.platform.fhir.ConditionalCreate;
import io.quarkus.hibernate.orm.panache.Panache;
import java.util.List;
import org.hl7.fhir.r4.model.Identifier;

/**
 * The current resources in a {@link VersionedResource} table that carry an identifier, for a
 * conditional create: found in the stored JSON itself (Resource.identifier, a list or, as on
 * QuestionnaireResponse, one), so no service keeps a column per identifier. A table that takes
 * conditional creates has the partial GIN index this query names: see care-plans' V7 migration.
 */
public final class IdentifierMatches {

    /** The condition a table's identifier index is built for: only rows whose resource has an identifier. */
    public static final String INDEXED = "jsonb_exists(cast(resource as jsonb), 'identifier')";

    private IdentifierMatches() {
    }

    /**
     * @param table the table, e.g. {@code task}
     * @param condition more SQL on the row (with no parameters), e.g. {@code resource_type = 'Goal'}, or null
     */
    @SuppressWarnings("unchecked")
    public static List<ConditionalCreate.Match> in(String table, String condition, Identifier identifier) {
        String json = "{\"system\":" + quote(identifier.getSystem()) + ",\"value\":" + quote(identifier.getValue()) + "}";
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("select id, nhs_number from " + table
                        + " where " + INDEXED + (condition == null ? "" : " and " + condition)
                        + " and ((cast(resource as jsonb) -> 'identifier') @> cast(?1 as jsonb)"
                        + " or (cast(resource as jsonb) -> 'identifier') @> cast(?2 as jsonb))")
                .setParameter(1, "[" + json + "]").setParameter(2, json).getResultList();
        return rows.stream().map(row -> new ConditionalCreate.Match((String) row[0], (String) row[1])).toList();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
