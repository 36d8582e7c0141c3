package city.onetem.board;

import static city.onetem.board.FhirNames.extension;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a cluster team's board from the four services, as the signed-in person. The team's plans
 * (care-plans) name who is in hospital or on a virtual ward, so only those people are asked
 * about at discharge and the virtual ward.
 */
@ApplicationScoped
public class TeamBoards {

    static final ZoneId CITY = ZoneId.of("Europe/London");
    private static final Set<String> TASK_DONE = Set.of("completed", "cancelled", "rejected", "failed",
            "entered-in-error");

    @Inject
    TeamServices services;

    /** Asks every service at once, then each person's on the ward or in hospital at once: a page waits for the slowest. */
    public TeamBoard read(String team, String token, Instant now) {
        String cluster = encode(team);
        LocalDate today = LocalDate.ofInstant(now, CITY);
        CompletableFuture<JsonNode> plans = services.carePlans("/fhir/CarePlan?cluster=" + cluster + "&_count=100",
                token);
        CompletableFuture<List<TeamBoard.Referral>> referrals = services.referrals("/fhir/ServiceRequest?cluster="
                + cluster + "&status=active&_count=100", token).thenApply(bundle -> referrals(bundle, now));
        CompletableFuture<List<TeamBoard.TaskDue>> tasks = services.carePlans("/fhir/Task?cluster=" + cluster
                + "&_count=100", token).thenApply(bundle -> tasks(bundle, today));
        List<String> problems = new ArrayList<>();
        List<TeamBoard.Person> people = new ArrayList<>();
        List<TeamBoard.ReviewDue> reviews = new ArrayList<>();
        List<CompletableFuture<List<TeamBoard.OnWard>>> onWard = new ArrayList<>();
        List<CompletableFuture<List<TeamBoard.InHospital>>> inHospital = new ArrayList<>();
        JsonNode held = TeamServices.orProblem(plans, problems);
        for (JsonNode entry : held == null ? List.<JsonNode>of() : held.path("entry")) {
            JsonNode plan = entry.path("resource");
            String nhsNumber = plan.path("subject").path("identifier").path("value").asText();
            people.add(new TeamBoard.Person(NhsNumbers.spaced(nhsNumber), plan.path("id").asText(),
                    plan.path("title").asText("One Team care plan"), minute(plan.path("meta").path("lastUpdated").asText()),
                    plan.path("careTeam").path(0).path("display").asText("No care team yet")));
            review(plan, today).ifPresent(reviews::add);
            if (hasActivity(plan, FhirNames.WARD_STAY_ID)) {
                onWard.add(onWard(nhsNumber, token));
            }
            if (hasActivity(plan, FhirNames.HOSPITAL_STAY_ID)) {
                inHospital.add(inHospital(nhsNumber, token));
            }
        }
        List<TeamBoard.Referral> open = TeamServices.orProblem(referrals, problems);
        List<TeamBoard.TaskDue> due = TeamServices.orProblem(tasks, problems);
        List<TeamBoard.OnWard> ward = new ArrayList<>();
        onWard.forEach(asked -> ward.addAll(Optional.ofNullable(TeamServices.orProblem(asked, problems))
                .orElse(List.of())));
        List<TeamBoard.InHospital> hospital = new ArrayList<>();
        inHospital.forEach(asked -> hospital.addAll(Optional.ofNullable(TeamServices.orProblem(asked, problems))
                .orElse(List.of())));
        ward.sort(Comparator.comparing(TeamBoard.OnWard::escalated).reversed()
                .thenComparing(w -> w.news2() == null ? -1 : w.news2(), Comparator.reverseOrder()));
        hospital.sort(Comparator.comparing(TeamBoard.InHospital::waiting).reversed()
                .thenComparing(h -> h.daysDelayed() == null ? 0 : h.daysDelayed(), Comparator.reverseOrder()));
        reviews.sort(Comparator.comparing(TeamBoard.ReviewDue::reviewDate));
        return new TeamBoard(team, open == null ? List.of() : open, ward, hospital, due == null ? List.of() : due,
                reviews, people, problems.stream().distinct().toList());
    }

    /** Open referrals, the running urgent clocks first, the nearest deadline first among them. */
    private static List<TeamBoard.Referral> referrals(JsonNode bundle, Instant now) {
        List<TeamBoard.Referral> found = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode referral = entry.path("resource");
            found.add(new TeamBoard.Referral(referral.path("id").asText(),
                    NhsNumbers.spaced(referral.path("subject").path("identifier").path("value").asText()),
                    ReferralWords.service(referral), ReferralWords.priority(referral), ReferralWords.state(referral),
                    minute(referral.path("authoredOn").asText()), UrgentClock.of(referral, now)));
        }
        found.sort(Comparator.comparing((TeamBoard.Referral r) -> r.clock() == null || !r.clock().running())
                .thenComparing(r -> r.clock() == null ? Instant.MAX : r.clock().due()));
        return found;
    }

    private static List<TeamBoard.TaskDue> tasks(JsonNode bundle, LocalDate today) {
        List<TeamBoard.TaskDue> due = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode task = entry.path("resource");
            String end = task.path("restriction").path("period").path("end").asText("");
            if (end.isEmpty() || TASK_DONE.contains(task.path("status").asText())) {
                continue;
            }
            LocalDate day = day(end);
            if (!day.isAfter(today)) {
                due.add(new TeamBoard.TaskDue(NhsNumbers.spaced(task.path("for").path("identifier").path("value").asText()),
                        task.path("description").asText(), task.path("owner").path("display")
                                .asText(task.path("owner").path("identifier").path("value").asText("Not assigned")),
                        day.toString(), day.isBefore(today)));
            }
        }
        due.sort(Comparator.comparing(TeamBoard.TaskDue::due));
        return due;
    }

    private static Optional<TeamBoard.ReviewDue> review(JsonNode plan, LocalDate today) {
        for (JsonNode extension : plan.path("extension")) {
            if (FhirNames.ANTICIPATORY_CARE.equals(extension.path("url").asText())) {
                for (JsonNode part : extension.path("extension")) {
                    if ("reviewDate".equals(part.path("url").asText())) {
                        LocalDate date = LocalDate.parse(part.path("valueDate").asText());
                        return date.isAfter(today) ? Optional.empty()
                                : Optional.of(new TeamBoard.ReviewDue(NhsNumbers.spaced(plan.path("subject")
                                        .path("identifier").path("value").asText()), plan.path("id").asText(),
                                        date.toString(), date.isBefore(today)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private CompletableFuture<List<TeamBoard.OnWard>> onWard(String nhsNumber, String token) {
        String person = "patient.identifier=" + encode(FhirNames.NHS_NUMBER + "|" + nhsNumber);
        CompletableFuture<JsonNode> stays = services.virtualWard("/fhir/EpisodeOfCare?" + person + "&status=active", token);
        CompletableFuture<JsonNode> scores = services.virtualWard("/fhir/Observation?" + person + "&code="
                + encode(FhirNames.NEWS2_TOTAL) + "&_count=1", token);
        CompletableFuture<JsonNode> flags = services.virtualWard("/fhir/Flag?" + person + "&status=active", token);
        return CompletableFuture.allOf(stays, scores, flags).thenApply(all -> {
            JsonNode news2 = scores.join().path("entry").path(0).path("resource");
            List<String> alerts = new ArrayList<>();
            for (JsonNode flag : flags.join().path("entry")) {
                alerts.add(flag.path("resource").path("code").path("text").asText("Escalation open"));
            }
            List<TeamBoard.OnWard> found = new ArrayList<>();
            for (JsonNode entry : stays.join().path("entry")) {
                JsonNode stay = entry.path("resource");
                found.add(new TeamBoard.OnWard(NhsNumbers.spaced(nhsNumber),
                        stay.path("type").path(0).path("text").asText("Virtual ward"),
                        date(stay.path("period").path("start").asText("")),
                        news2.has("valueInteger") ? news2.path("valueInteger").asInt() : null,
                        extension(news2, FhirNames.NEWS2_RISK).path("valueCode").asText(null),
                        minute(news2.path("effectiveDateTime").asText("")), alerts));
            }
            return found;
        });
    }

    private CompletableFuture<List<TeamBoard.InHospital>> inHospital(String nhsNumber, String token) {
        String person = "patient.identifier=" + encode(FhirNames.NHS_NUMBER + "|" + nhsNumber);
        return services.discharge("/fhir/Encounter?" + person + "&status=in-progress", token).thenApply(bundle -> {
            List<TeamBoard.InHospital> stays = new ArrayList<>();
            for (JsonNode entry : bundle.path("entry")) {
                JsonNode stay = entry.path("resource");
                JsonNode optimised = extension(stay, FhirNames.MEDICALLY_OPTIMISED).path("valueDateTime");
                Integer days = null;
                for (JsonNode part : extension(stay, FhirNames.DELAY).path("extension")) {
                    if ("days".equals(part.path("url").asText())) {
                        days = part.path("valueInteger").asInt();
                    }
                }
                JsonNode pathway = extension(stay, FhirNames.PATHWAY).path("valueInteger");
                stays.add(new TeamBoard.InHospital(NhsNumbers.spaced(nhsNumber),
                        stay.path("serviceProvider").path("display").asText("Hospital"),
                        date(stay.path("period").path("start").asText("")),
                        optimised.isMissingNode() ? null : minute(optimised.asText()), days,
                        pathway.isMissingNode() ? null : "Pathway " + pathway.asInt()));
            }
            return stays;
        });
    }

    private static boolean hasActivity(JsonNode plan, String system) {
        for (JsonNode activity : plan.path("activity")) {
            if (system.equals(activity.path("reference").path("identifier").path("system").asText())) {
                return true;
            }
        }
        return false;
    }

    /** "2026-12-01 09:40" in the city's time, from an instant as FHIR writes it. */
    static String minute(String instant) {
        if (instant.length() < 16) {
            return instant;
        }
        try {
            return OffsetDateTime.parse(instant).atZoneSameInstant(CITY).toLocalDateTime().toString()
                    .replace('T', ' ').substring(0, 16);
        } catch (DateTimeParseException e) {
            return instant.substring(0, 10) + " " + instant.substring(11, 16);
        }
    }

    /** The day of a FHIR date or dateTime, as written. */
    private static String date(String fhir) {
        return fhir.length() >= 10 ? fhir.substring(0, 10) : fhir;
    }

    private static LocalDate day(String fhirDate) {
        return fhirDate.length() > 10 ? OffsetDateTime.parse(fhirDate).atZoneSameInstant(CITY).toLocalDate()
                : LocalDate.parse(fhirDate);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
