package city.onetem.platform.relationships;

import city.onetem.platform.fhir.Identifiers;
import city.onetem.platform.store.StoredSearch;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;

/**
 * A person's objections to sharing their record, honoured by every service: sharing for direct
 * care is the default (implied consent); an active FHIR Consent whose provision is {@code deny}
 * refuses the organisations its provision's actors name (by ODS code), or, naming none, everyone
 * outside the organisation that recorded it (Consent.organization, the keeper).
 */
public final class Objections {

    /** The recipient of an objection that names no organisation: everyone outside the keeper. */
    public static final String EVERYONE = "*";

    /**
     * JPQL: the entity's person has not refused the caller's organisation ({@code :myOrganisation},
     * "" for a caller with none, who is refused by an objection to everyone).
     */
    public static final String NOT_REFUSING_ME = "(nhsNumber is null or nhsNumber not in (select o.nhsNumber"
            + " from SharingObjection o where o.recipient = :myOrganisation or (o.recipient = '" + EVERYONE + "'"
            + " and (o.keeper is null or o.keeper <> :myOrganisation))))";

    /** One organisation refused, as an open stream checks it without the database. */
    public record Rule(String recipient, String keeper) {

        public boolean refuses(String organisation) {
            if (EVERYONE.equals(recipient)) {
                return keeper == null || !keeper.equals(organisation);
            }
            return recipient.equals(organisation);
        }
    }

    private Objections() {
    }

    /** Whether this person has refused to share their record with the caller's organisation (null: none). */
    public static boolean refuse(String nhsNumber, String organisation) {
        return nhsNumber != null && SharingObjection.<SharingObjection>list("nhsNumber", nhsNumber).stream()
                .anyMatch(o -> new Rule(o.recipient, o.keeper).refuses(organisation));
    }

    /** Binds the caller's organisation for {@link #NOT_REFUSING_ME}. */
    public static void bindMe(StoredSearch search, String organisation) {
        search.bind("myOrganisation", organisation == null ? "" : organisation);
    }

    /** What an active deny Consent refuses: the organisations named, or everyone outside the keeper; none otherwise. */
    public static List<Rule> of(JsonNode consent) {
        List<Rule> rules = new ArrayList<>();
        if (!"active".equals(consent.path("status").asText()) || !"deny".equals(consent.path("provision")
                .path("type").asText())) {
            return rules;
        }
        String keeper = keeperOf(consent);
        for (JsonNode actor : consent.path("provision").path("actor")) {
            JsonNode identifier = actor.path("reference").path("identifier");
            if (Identifiers.ODS_ORGANIZATION.equals(identifier.path("system").asText())
                    && !identifier.path("value").asText().isBlank()) {
                rules.add(new Rule(identifier.path("value").asText(), keeper));
            }
        }
        if (rules.isEmpty()) {
            rules.add(new Rule(EVERYONE, keeper));
        }
        return rules;
    }

    /** Replaces what this Consent refuses, in the caller's transaction (care-plans, as it writes the Consent). */
    public static void replace(EntityManager entities, String consentId, String nhsNumber, JsonNode consent) {
        entities.createNativeQuery("delete from sharing_objection where consent_id = ?1").setParameter(1, consentId)
                .executeUpdate();
        for (Rule rule : of(consent)) {
            entities.createNativeQuery("insert into sharing_objection (consent_id, nhs_number, recipient, keeper)"
                    + " values (?1, ?2, ?3, ?4)").setParameter(1, consentId).setParameter(2, nhsNumber)
                    .setParameter(3, rule.recipient()).setParameter(4, rule.keeper()).executeUpdate();
        }
    }

    private static String keeperOf(JsonNode consent) {
        for (JsonNode organisation : consent.path("organization")) {
            JsonNode identifier = organisation.path("identifier");
            if (!identifier.path("value").asText().isBlank()) {
                return identifier.path("value").asText();
            }
        }
        return null;
    }
}
