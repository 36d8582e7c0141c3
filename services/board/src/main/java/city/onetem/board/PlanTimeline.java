package city.onetem.board;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every version of a plan as a line a person reads: when, who or which service's event made it,
 * and what it changed from the version before (lines shown on the plan that are new or reworded).
 */
final class PlanTimeline {

    /** The services' event sources, as people call them. */
    private static final Map<String, String> SERVICES = Map.of(
            "/onetem/referrals", "SPA referrals",
            "/onetem/care-plans", "One Team care plans",
            "/onetem/discharge", "Discharge to assess",
            "/onetem/virtual-ward", "Virtual ward");

    private PlanTimeline() {
    }

    /** From the plan's _history bundle (newest first), newest first. */
    static List<PersonPlan.Change> of(JsonNode history) {
        List<JsonNode> versions = new ArrayList<>();
        history.path("entry").forEach(entry -> versions.add(entry.path("resource")));
        List<PersonPlan.Change> changes = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            JsonNode plan = versions.get(i);
            JsonNode before = i + 1 < versions.size() ? versions.get(i + 1) : null;
            String changedBy = changedBy(plan);
            String service = "One Team care plans";
            String who = changedBy;
            if (changedBy.startsWith("event ")) {
                String[] words = changedBy.split(" ");
                String source = words[words.length - 1];
                service = SERVICES.getOrDefault(source, source);
                who = "Event " + words[1];
            }
            changes.add(new PersonPlan.Change(plan.path("meta").path("versionId").asText(),
                    TeamBoards.minute(plan.path("meta").path("lastUpdated").asText()), who, service, what(before, plan)));
        }
        return changes;
    }

    private static List<String> what(JsonNode before, JsonNode after) {
        if (before == null) {
            return List.of("Plan started");
        }
        List<String> lines = new ArrayList<>();
        if (!before.path("status").equals(after.path("status"))) {
            lines.add("Plan " + after.path("status").asText());
        }
        if (!before.path("description").equals(after.path("description"))) {
            lines.add("What matters: " + after.path("description").asText(""));
        }
        for (String field : List.of("careTeam", "goal", "supportingInfo", "addresses")) {
            lines.addAll(added(displays(before.path(field)), displays(after.path(field))));
        }
        List<String> activities = new ArrayList<>();
        after.path("activity").forEach(a -> activities.add(a.path("reference").path("display").asText()));
        List<String> earlier = new ArrayList<>();
        before.path("activity").forEach(a -> earlier.add(a.path("reference").path("display").asText()));
        lines.addAll(added(earlier, activities));
        List<String> notes = new ArrayList<>();
        after.path("note").forEach(n -> notes.add(n.path("text").asText()));
        List<String> earlierNotes = new ArrayList<>();
        before.path("note").forEach(n -> earlierNotes.add(n.path("text").asText()));
        lines.addAll(added(earlierNotes, notes));
        if (!before.path("extension").equals(after.path("extension")) && lines.isEmpty()) {
            lines.add("Anticipatory care, end of life or sharing changed");
        }
        return lines.isEmpty() ? List.of("Plan updated") : lines;
    }

    private static List<String> displays(JsonNode references) {
        List<String> lines = new ArrayList<>();
        references.forEach(r -> lines.add(r.path("display").asText(r.path("reference").asText())));
        return lines;
    }

    private static List<String> added(List<String> before, List<String> after) {
        Set<String> was = new LinkedHashSet<>(before);
        return after.stream().filter(line -> !line.isBlank() && !was.contains(line)).toList();
    }

    /** Who made this version, as the service recorded it (meta's changed-by extension). */
    static String changedBy(JsonNode resource) {
        return FhirNames.extension(resource.path("meta"), FhirNames.CHANGED_BY).path("valueString").asText("not recorded");
    }
}
