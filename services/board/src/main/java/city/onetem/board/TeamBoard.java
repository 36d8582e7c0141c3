package city.onetem.board;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What a cluster team's board shows, read from the services' FHIR search bundles. */
public record TeamBoard(String team, List<Person> people, List<Referral> referrals) {

    /** A person whose One Team plan the team holds. */
    public record Person(String nhsNumber, String planId, String title, String lastUpdated, String careTeam) {
    }

    /** A referral routed to the team. */
    public record Referral(String id, String nhsNumber, String service, String priority, String status,
            String authored) {
    }

    static TeamBoard of(String team, JsonNode plans, JsonNode referrals) {
        List<Person> people = new ArrayList<>();
        for (JsonNode entry : plans.path("entry")) {
            JsonNode plan = entry.path("resource");
            people.add(new Person(NhsNumbers.spaced(plan.path("subject").path("identifier").path("value").asText()),
                    plan.path("id").asText(), plan.path("title").asText("One Team care plan"),
                    day(plan.path("meta").path("lastUpdated").asText()),
                    plan.path("careTeam").path(0).path("display").asText("No care team yet")));
        }
        List<Referral> routed = new ArrayList<>();
        for (JsonNode entry : referrals.path("entry")) {
            JsonNode referral = entry.path("resource");
            routed.add(new Referral(referral.path("id").asText(),
                    NhsNumbers.spaced(referral.path("subject").path("identifier").path("value").asText()),
                    service(referral), referral.path("priority").asText("routine"),
                    referral.path("status").asText(), day(referral.path("authoredOn").asText())));
        }
        return new TeamBoard(team, people, routed);
    }

    /** The service asked for, as the SPA categorised it (category), else what the referrer coded. */
    private static String service(JsonNode referral) {
        for (JsonNode concept : List.of(referral.path("category").path(0), referral.path("code"))) {
            if (concept.hasNonNull("text")) {
                return concept.path("text").asText();
            }
            if (concept.path("coding").path(0).hasNonNull("display")) {
                return concept.path("coding").path(0).path("display").asText();
            }
        }
        return "Not categorised yet";
    }

    /** "2026-12-01 09:40" from an instant as FHIR writes it. */
    private static String day(String instant) {
        return instant.length() >= 16 ? instant.substring(0, 10) + " " + instant.substring(11, 16) : instant;
    }
}
