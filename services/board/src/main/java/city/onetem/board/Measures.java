package city.onetem.board;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The city's measures for the charts, read from the services as the signed-in person (each
 * service decides what their role may see, and suppresses small numbers for others): urgent
 * response within 2 hours and delayed days per 100,000 week by week, virtual ward occupancy by
 * ward, and One Team plan coverage by cluster. Every service and week is asked at once.
 */
@ApplicationScoped
public class Measures {

    static final int WEEKS = 8;

    @Inject
    TeamServices services;

    public List<Measure> read(String team, String token, LocalDate today) {
        List<LocalDate[]> weeks = new ArrayList<>();
        for (int i = WEEKS - 1; i >= 0; i--) {
            LocalDate to = today.minusDays(7L * i);
            weeks.add(new LocalDate[] {to.minusDays(6), to});
        }
        List<CompletableFuture<JsonNode>> ucr = weeks.stream().map(w -> services.referrals(
                "/spa/measures/urgent-community-response?from=" + w[0] + "&to=" + w[1], token)).toList();
        List<CompletableFuture<JsonNode>> delays = weeks.stream().map(w -> services.discharge(
                "/fhir/Measure/d2a/$evaluate-measure?periodStart=" + w[0] + "&periodEnd=" + w[1], token)).toList();
        CompletableFuture<JsonNode> ward = services.virtualWard("/fhir/Measure/virtual-ward/$evaluate-measure", token);
        CompletableFuture<JsonNode> plans = services.carePlans("/careplans/measures"
                + (team == null ? "" : "?cluster=" + URLEncoder.encode(team, StandardCharsets.UTF_8)), token);
        CompletableFuture<JsonNode> caseload = team == null ? null : services.carePlans("/fhir/CarePlan?cluster="
                + URLEncoder.encode(team, StandardCharsets.UTF_8) + "&status=active&_count=500", token);
        CompletableFuture<JsonNode> groups = team == null ? null : services.carePlans("/careplans/target-groups", token);
        List<String> labels = weeks.stream().map(w -> "Week to " + w[1]).toList();
        return List.of(
                weekly("ucr", "Urgent community response: seen within 2 hours", labels, ucr,
                        m -> number(m.path("overall").path("percentWithinTwoHours")), 70.0,
                        "national threshold 70%", "%"),
                weekly("delayed-days", "Delayed days in hospital per 100,000 population", labels, delays,
                        m -> number(score(m, "delayed-days-per-100000")), null, null, ""),
                occupancy(ward), coverage(plans), targetGroups(team, caseload, groups));
    }

    private static Measure weekly(String id, String title, List<String> labels, List<CompletableFuture<JsonNode>> asked,
            Function<JsonNode, Double> figure, Double target, String targetLabel, String unit) {
        List<Double> values = new ArrayList<>();
        for (CompletableFuture<JsonNode> week : asked) {
            try {
                values.add(figure.apply(TeamServices.await(week)));
            } catch (TeamServices.Unanswered e) {
                return Measure.unavailable(id, title, why(e));
            }
        }
        return new Measure(id, title, "line", unit, labels, values, target, targetLabel, null);
    }

    private static Measure occupancy(CompletableFuture<JsonNode> asked) {
        String title = "Virtual ward occupancy now, by ward";
        try {
            JsonNode group = group(TeamServices.await(asked), "occupancy");
            List<String> labels = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (JsonNode stratum : group.path("stratifier").path(0).path("stratum")) {
                labels.add(stratum.path("value").path("text").asText());
                values.add(number(stratum.path("measureScore").path("value")));
            }
            return new Measure("occupancy", title, "bars", "%", labels, values, null, null, null);
        } catch (TeamServices.Unanswered e) {
            return Measure.unavailable("occupancy", title, why(e));
        }
    }

    private static Measure coverage(CompletableFuture<JsonNode> asked) {
        String title = "People with a One Team plan, by cluster";
        try {
            JsonNode measures = TeamServices.await(asked);
            List<String> labels = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            measures.path("activePlansByCluster").fields().forEachRemaining(cluster -> {
                labels.add(cluster.getKey());
                values.add(number(cluster.getValue()));
            });
            return new Measure("coverage", title + " (" + number(measures.path("percentOfPopulation")) + "% of the"
                    + " population; the aim is " + number(measures.path("aimPercent")) + "%)", "bars", "", labels,
                    values, null, null, null);
        } catch (TeamServices.Unanswered e) {
            return Measure.unavailable("coverage", title, why(e));
        }
    }

    /** How many of the team's active plans are in each proactive case management group (CarePlan.category). */
    private static Measure targetGroups(String team, CompletableFuture<JsonNode> caseload,
            CompletableFuture<JsonNode> groups) {
        String title = "The team's plans by target group";
        if (team == null) {
            return Measure.unavailable("target-groups", title, "Shown to a cluster team's members, for their team.");
        }
        try {
            JsonNode plans = TeamServices.await(caseload);
            List<String> labels = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (JsonNode group : TeamServices.await(groups)) {
                String code = group.path("code").asText();
                long count = 0;
                for (JsonNode entry : plans.path("entry")) {
                    for (JsonNode category : entry.path("resource").path("category")) {
                        for (JsonNode coding : category.path("coding")) {
                            if (FhirNames.TARGET_GROUP.equals(coding.path("system").asText())
                                    && code.equals(coding.path("code").asText())) {
                                count++;
                            }
                        }
                    }
                }
                labels.add(group.path("name").asText(code));
                values.add((double) count);
            }
            return new Measure("target-groups", title + " (" + team + ")", "bars", "", labels, values, null, null,
                    null);
        } catch (TeamServices.Unanswered e) {
            return Measure.unavailable("target-groups", title, why(e));
        }
    }

    private static String why(TeamServices.Unanswered e) {
        return e.status == 403 ? "Your role does not see this measure (the " + e.service + " service says: "
                + e.getMessage() + ")." : e.saying() + ": not shown.";
    }

    private static JsonNode group(JsonNode report, String code) {
        for (JsonNode group : report.path("group")) {
            if (code.equals(group.path("code").path("coding").path(0).path("code").asText())) {
                return group;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static JsonNode score(JsonNode report, String code) {
        return group(report, code).path("measureScore").path("value");
    }

    /** A figure, or null where it is suppressed (a small number) or not yet known. */
    private static Double number(JsonNode value) {
        return value.isNumber() ? value.asDouble() : null;
    }
}
