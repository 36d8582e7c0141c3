package city.onetem.platform.relationships;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.ReferralContract;
import city.onetem.platform.fhir.NhsNumber;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * What of a person's One Team plan decides who may see their records elsewhere: the plan, its
 * status, the cluster team that holds it, the users and teams their CareTeams name and the
 * objections to sharing in force. Care-plans
 * publishes it on relationships.v1 (as a CarePlan with only these elements) when one of them
 * changes, not on every change to the plan, so the services that only need to know who may see
 * whom read a small event now and then instead of every plan version.
 *
 * @param cluster the holding team's cluster code; null while no team holds the plan
 * @param members who the person's CareTeams name, as "system|value" (a user or a cluster team)
 */
public record PlanRelationships(String carePlanId, long version, String status, String nhsNumber, String cluster,
        List<Objection> objections, List<String> members) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One organisation the person refused, by the Consent that says so. */
    public record Objection(String consent, String recipient, String keeper) {

        public Objections.Rule rule() {
            return new Objections.Rule(recipient, keeper);
        }
    }

    public PlanRelationships {
        objections = List.copyOf(objections);
        members = List.copyOf(members);
    }

    /** A plan whose person's CareTeams name nobody who is a user or a team. */
    public PlanRelationships(String carePlanId, long version, String status, String nhsNumber, String cluster,
            List<Objection> objections) {
        this(carePlanId, version, status, nhsNumber, cluster, objections, List.of());
    }

    /** As the plan just written says it (care-plans, before it publishes). */
    public static PlanRelationships of(CarePlan plan) {
        String cluster = plan.getExtensionByUrl(CarePlanContract.CLUSTER_EXTENSION) != null
                && plan.getExtensionByUrl(CarePlanContract.CLUSTER_EXTENSION).getValue() instanceof Identifier team
                ? team.getValue() : null;
        List<Objection> objections = new ArrayList<>();
        for (Extension objection : plan.getExtensionsByUrl(CarePlanContract.SHARING_OBJECTION_EXTENSION)) {
            Extension consent = objection.getExtensionByUrl("consent");
            objections.add(new Objection(
                    consent != null && consent.getValue() instanceof Reference reference ? reference.getReference() : null,
                    part(objection, "recipient"), part(objection, "keeper")));
        }
        List<String> members = new ArrayList<>();
        for (Extension named : plan.getExtensionsByUrl(CarePlanContract.CARE_TEAM_MEMBER_EXTENSION)) {
            Extension member = named.getExtensionByUrl("member");
            if (member != null && member.getValue() instanceof Identifier identifier) {
                members.add(identifier.getSystem() + "|" + identifier.getValue());
            }
        }
        return new PlanRelationships(plan.getIdElement().getIdPart(),
                plan.getMeta().hasVersionId() ? Long.parseLong(plan.getMeta().getVersionId()) : 0,
                plan.getStatus() == null ? null : plan.getStatus().toCode(),
                plan.getSubject().getIdentifier().getValue(), cluster, objections, distinct(members));
    }

    /** As a CarePlan in JSON says it: the event on relationships.v1, or a whole plan. */
    public static PlanRelationships of(JsonNode plan) {
        String cluster = null;
        List<Objection> objections = new ArrayList<>();
        List<String> members = new ArrayList<>();
        for (JsonNode extension : plan.path("extension")) {
            String url = extension.path("url").asText();
            if (CarePlanContract.CLUSTER_EXTENSION.equals(url)) {
                cluster = extension.path("valueIdentifier").path("value").asText(null);
            } else if (CarePlanContract.CARE_TEAM_MEMBER_EXTENSION.equals(url)) {
                JsonNode member = part(extension, "member", "valueIdentifier");
                if (member.hasNonNull("system") && member.hasNonNull("value")) {
                    members.add(member.path("system").asText() + "|" + member.path("value").asText());
                }
            } else if (CarePlanContract.SHARING_OBJECTION_EXTENSION.equals(url)) {
                objections.add(new Objection(part(extension, "consent", "valueReference").path("reference").asText(null),
                        part(extension, "recipient", "valueString").asText(null),
                        part(extension, "keeper", "valueString").asText(null)));
            }
        }
        return new PlanRelationships(plan.path("id").asText(null), plan.path("meta").path("versionId").asLong(-1),
                plan.path("status").asText(null), plan.path("subject").path("identifier").path("value").asText(null),
                cluster, objections, distinct(members));
    }

    /** Whether someone may see the person's records under the other as under this: all but the version agree. */
    public boolean sameAccessAs(PlanRelationships other) {
        return other != null && Objects.equals(carePlanId, other.carePlanId) && Objects.equals(status, other.status)
                && Objects.equals(cluster, other.cluster) && objections.equals(other.objections)
                && members.equals(other.members);
    }

    /** The CarePlan published on relationships.v1: these elements and nothing else of the plan. */
    public String toJson() {
        ObjectNode plan = JSON.createObjectNode().put("resourceType", "CarePlan").put("id", carePlanId);
        plan.putObject("meta").put("versionId", Long.toString(version));
        ArrayNode extensions = JSON.createArrayNode();
        if (cluster != null) {
            ObjectNode team = extensions.addObject().put("url", CarePlanContract.CLUSTER_EXTENSION)
                    .putObject("valueIdentifier");
            team.put("system", ReferralContract.CLUSTER_SYSTEM).put("value", cluster);
        }
        for (Objection objection : objections) {
            ArrayNode parts = extensions.addObject().put("url", CarePlanContract.SHARING_OBJECTION_EXTENSION)
                    .putArray("extension");
            parts.addObject().put("url", "consent").putObject("valueReference").put("reference", objection.consent());
            parts.addObject().put("url", "recipient").put("valueString", objection.recipient());
            if (objection.keeper() != null) {
                parts.addObject().put("url", "keeper").put("valueString", objection.keeper());
            }
        }
        for (String member : members) {
            int bar = member.indexOf('|');
            ArrayNode parts = extensions.addObject().put("url", CarePlanContract.CARE_TEAM_MEMBER_EXTENSION)
                    .putArray("extension");
            parts.addObject().put("url", "member").putObject("valueIdentifier")
                    .put("system", member.substring(0, bar)).put("value", member.substring(bar + 1));
        }
        if (!extensions.isEmpty()) {
            plan.set("extension", extensions);
        }
        plan.put("status", status).put("intent", "plan");
        plan.putObject("subject").putObject("identifier").put("system", NhsNumber.SYSTEM).put("value", nhsNumber);
        return plan.toString();
    }

    /** In a stable order, once each: a member named on two CareTeams changes nobody's access. */
    private static List<String> distinct(List<String> members) {
        return members.stream().distinct().sorted().toList();
    }

    private static String part(Extension extension, String url) {
        Extension part = extension.getExtensionByUrl(url);
        return part == null || part.getValue() == null ? null : part.getValue().primitiveValue();
    }

    private static JsonNode part(JsonNode extension, String url, String value) {
        for (JsonNode part : extension.path("extension")) {
            if (url.equals(part.path("url").asText())) {
                return part.path(value);
            }
        }
        return MissingNode.getInstance();
    }
}
