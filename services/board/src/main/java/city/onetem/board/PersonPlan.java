package city.onetem.board;

import java.util.List;

/**
 * A person's One Team plan as the plan page shows it: what matters to them, their risks and
 * adjustments, what to do if things get worse, end of life wishes, the care team, goals, tasks,
 * the common trusted assessment and every change, each part as care-plans holds it now.
 */
public record PersonPlan(String id, String version, String nhsNumber, String title, String status, String team,
        String whatMatters, List<String> risks, List<String> assessments, Anticipatory anticipatory,
        List<String> endOfLife, List<Member> careTeam, List<Goal> goals, List<Task> tasks, List<Change> timeline,
        List<String> activities) {

    /** What to do if the person's health gets worse, and when that plan is next reviewed. */
    public record Anticipatory(String plan, String reviewDate) {
    }

    /** Someone on the person's care team, with their part in it (accountable professional, care navigator...). */
    public record Member(String role, String name) {
    }

    /** A goal, at the version the page shows: an edit is made on that version (If-Match). */
    public record Goal(String id, String version, String description, String status) {
    }

    /** A task, at the version the page shows: its next step is taken on that version (If-Match). */
    public record Task(String id, String version, String description, String status, String owner, String due) {

        public boolean canStart() {
            return "requested".equals(status) || "accepted".equals(status) || "ready".equals(status);
        }

        public boolean canComplete() {
            return canStart() || "in-progress".equals(status);
        }
    }

    /** One version of the plan: when, who, through which service, and what it changed. */
    public record Change(String version, String when, String who, String service, List<String> what) {
    }

    /** The statuses a goal moves through, as FHIR names them (Goal.lifecycleStatus). */
    public static final List<String> GOAL_STATUSES = List.of("proposed", "planned", "accepted", "active", "on-hold",
            "completed", "cancelled");

    public List<String> goalStatuses() {
        return GOAL_STATUSES;
    }
}
