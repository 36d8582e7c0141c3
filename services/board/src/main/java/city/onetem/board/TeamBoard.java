package city.onetem.board;

import java.util.List;

/**
 * What a cluster team's board shows: each part read from the service that holds it, as the
 * signed-in person may see it. A part whose service did not answer is empty, and the page says
 * which service it was ({@link #problems}).
 */
public record TeamBoard(String team, List<Referral> referrals, List<OnWard> ward, List<InHospital> hospital,
        List<TaskDue> tasks, List<ReviewDue> reviews, List<Person> people, List<String> problems) {

    /** An open referral routed to the team, with its urgent response clock if it has one. */
    public record Referral(String id, String nhsNumber, String service, String priority, String state,
            String received, UrgentClock clock) {
    }

    /** A person on a virtual ward: their latest NEWS2 and the escalations and alerts still open. */
    public record OnWard(String nhsNumber, String ward, String since, Integer news2, String risk, String scoredAt,
            List<String> alerts) {

        public boolean escalated() {
            return !alerts.isEmpty();
        }
    }

    /** A person in hospital: medically optimised (ready to leave) or not yet, and the days they have waited since. */
    public record InHospital(String nhsNumber, String hospital, String since, String optimisedSince,
            Integer daysDelayed, String pathway) {

        public boolean waiting() {
            return optimisedSince != null;
        }
    }

    /** A task on one of the team's plans, due today or overdue, not yet done. */
    public record TaskDue(String nhsNumber, String description, String owner, String due, boolean overdue) {
    }

    /** A plan whose anticipatory care plan is due for review today or was due before. */
    public record ReviewDue(String nhsNumber, String planId, String reviewDate, boolean overdue) {
    }

    /** A person whose One Team plan the team holds. */
    public record Person(String nhsNumber, String planId, String title, String lastUpdated, String careTeam) {
    }

    public long breaches() {
        return referrals.stream().filter(r -> r.clock() != null && r.clock().level() == UrgentClock.Level.BREACHED)
                .count();
    }

    public long escalations() {
        return ward.stream().filter(OnWard::escalated).count();
    }
}
