package city.onetem.board;

import static city.onetem.board.FhirNames.extension;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a person's plan and its parts from care-plans, as the signed-in person: the plan first
 * (care-plans decides whether they may see it), then its care team, goals, tasks and history at once.
 */
@ApplicationScoped
public class PersonPlans {

    @Inject
    TeamServices services;

    /** The plan; {@link TeamServices.Unanswered} with care-plans' status (403, 404) when it cannot be shown. */
    public PersonPlan read(String planId, String token) {
        String id = URLEncoder.encode(planId, StandardCharsets.UTF_8);
        JsonNode plan = TeamServices.await(services.carePlans("/fhir/CarePlan/" + id, token));
        String nhsNumber = plan.path("subject").path("identifier").path("value").asText();
        String person = "patient.identifier=" + URLEncoder.encode(FhirNames.NHS_NUMBER + "|" + nhsNumber,
                StandardCharsets.UTF_8);
        CompletableFuture<JsonNode> careTeams = services.carePlans("/fhir/CareTeam?" + person, token);
        CompletableFuture<JsonNode> goals = services.carePlans("/fhir/Goal?" + person + "&_count=100", token);
        CompletableFuture<JsonNode> tasks = services.carePlans("/fhir/Task?" + person + "&_count=100", token);
        CompletableFuture<JsonNode> history = services.carePlans("/fhir/CarePlan/" + id + "/_history", token);

        List<String> risks = new ArrayList<>();
        List<String> assessments = new ArrayList<>();
        plan.path("addresses").forEach(reference -> risks.add(shown(plan, reference)));
        plan.path("supportingInfo").forEach(reference -> {
            if ("QuestionnaireResponse".equals(reference.path("type").asText())
                    || reference.path("reference").asText().startsWith("QuestionnaireResponse")) {
                assessments.add(shown(plan, reference));
            } else {
                risks.add(shown(plan, reference));
            }
        });
        JsonNode anticipatory = extension(plan, FhirNames.ANTICIPATORY_CARE);
        List<String> activities = new ArrayList<>();
        plan.path("activity").forEach(a -> activities.add(a.path("reference").path("display").asText()));
        return new PersonPlan(plan.path("id").asText(), plan.path("meta").path("versionId").asText(),
                NhsNumbers.spaced(nhsNumber), plan.path("title").asText("One Team care plan"),
                plan.path("status").asText(), extension(plan, FhirNames.CLUSTER).path("valueIdentifier").path("value").asText(null),
                plan.path("description").asText(null), risks, assessments,
                anticipatory.isMissingNode() ? null : new PersonPlan.Anticipatory(
                        extension(anticipatory, "plan").path("valueString").asText(""),
                        extension(anticipatory, "reviewDate").path("valueDate").asText("")),
                endOfLife(extension(plan, FhirNames.END_OF_LIFE)), members(TeamServices.await(careTeams)),
                goals(TeamServices.await(goals)), tasks(TeamServices.await(tasks)),
                PlanTimeline.of(TeamServices.await(history)), activities);
    }

    private static List<PersonPlan.Member> members(JsonNode bundle) {
        List<PersonPlan.Member> members = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            for (JsonNode participant : entry.path("resource").path("participant")) {
                JsonNode role = participant.path("role").path(0);
                members.add(new PersonPlan.Member(role.path("text").asText(role.path("coding").path(0).path("display")
                        .asText(role.path("coding").path(0).path("code").asText("Member"))),
                        participant.path("member").path("display").asText(participant.path("member")
                                .path("identifier").path("value").asText("Not named"))));
            }
        }
        return members;
    }

    private static List<PersonPlan.Goal> goals(JsonNode bundle) {
        List<PersonPlan.Goal> goals = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode goal = entry.path("resource");
            goals.add(new PersonPlan.Goal(goal.path("id").asText(), goal.path("meta").path("versionId").asText(),
                    goal.path("description").path("text").asText(""), goal.path("lifecycleStatus").asText()));
        }
        return goals;
    }

    private static List<PersonPlan.Task> tasks(JsonNode bundle) {
        List<PersonPlan.Task> tasks = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode task = entry.path("resource");
            tasks.add(new PersonPlan.Task(task.path("id").asText(), task.path("meta").path("versionId").asText(),
                    task.path("description").asText(""), task.path("status").asText(),
                    task.path("owner").path("display").asText(task.path("owner").path("identifier").path("value")
                            .asText("Not assigned")),
                    task.path("restriction").path("period").path("end").asText("")));
        }
        return tasks;
    }

    private static List<String> endOfLife(JsonNode extension) {
        List<String> lines = new ArrayList<>();
        for (JsonNode part : extension.path("extension")) {
            String value = part.path("valueString").asText(part.path("valueDate").asText(part.path("valueBoolean")
                    .asText("")));
            switch (part.path("url").asText()) {
                case "register" -> lines.add("On the end of life register: " + ("true".equals(value) ? "yes" : "no"));
                case "preferredPlaceOfCare" -> lines.add("Where they would like to be cared for: " + value);
                case "preferredPlaceOfDeath" -> lines.add("Where they would like to die: " + value);
                case "respect" -> lines.add("ReSPECT form completed: " + value);
                case "chcFastTrack" -> lines.add("Continuing healthcare fast track: " + ("true".equals(value) ? "yes" : "no"));
                default -> {
                    // a part this page does not know yet: care-plans' API shows it
                }
            }
        }
        return lines;
    }

    /** A reference's words: its display, or the contained resource's code (a Condition, a Flag). */
    private static String shown(JsonNode plan, JsonNode reference) {
        if (reference.hasNonNull("display")) {
            return reference.path("display").asText();
        }
        String local = reference.path("reference").asText();
        for (JsonNode contained : plan.path("contained")) {
            if (local.equals("#" + contained.path("id").asText())) {
                JsonNode code = contained.path("code");
                return code.path("text").asText(code.path("coding").path(0).path("display").asText(local));
            }
        }
        return local;
    }
}
