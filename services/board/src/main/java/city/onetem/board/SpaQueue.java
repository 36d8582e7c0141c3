package city.onetem.board;

import java.util.List;

/** One of the SPA's work queues, as its coordinators work it: most urgent, then oldest, first. */
public record SpaQueue(String name, String heading, String explains, List<Item> referrals) {

    /** A referral waiting on the queue, at the version the page shows: the action is taken on that version. */
    public record Item(String id, String version, String nhsNumber, String received, String priority, String service,
            String why, UrgentClock clock) {
    }

    /** The queues, in the order a coordinator works them, with what each one's action is. */
    static final List<SpaQueue> NAMES = List.of(
            new SpaQueue("untriaged", "Awaiting triage", "Decide how urgent each is.", List.of()),
            new SpaQueue("to-categorise", "To categorise", "Choose the service each needs: the referrer's coding did"
                    + " not say.", List.of()),
            new SpaQueue("trace", "NHS number to trace", "Received without an NHS number: trace it (the Personal"
                    + " Demographics Service) and record it here.", List.of()),
            new SpaQueue("unrouted", "Unrouted", "No cluster team yet: the GP practice is missing or not in the"
                    + " cluster map. Choose the team.", List.of()));

    /** The SPA's services, as its published code system names them (https://onetem.city/fhir/CodeSystem/service-category). */
    public static final List<List<String>> SERVICES = List.of(
            List.of("urgent-community-response", "Urgent community response (2-hour)"),
            List.of("community-nursing", "Community nursing"), List.of("reablement", "Reablement"),
            List.of("social-care-assessment", "Social care assessment"), List.of("mental-health", "Mental health"),
            List.of("virtual-ward", "Virtual ward"), List.of("other", "Other"));

    /** The priorities a triage decides, most urgent first. */
    public static final List<List<String>> PRIORITIES = List.of(List.of("ucr-2-hour", "2-hour urgent response"),
            List.of("same-day", "Same day"), List.of("routine", "Routine"));
}
