package city.onetem.board;

import static city.onetem.board.FhirNames.extension;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Reads the SPA's work queues and its cluster map from referrals, as the signed-in coordinator, all at once. */
@ApplicationScoped
public class SpaQueues {

    @Inject
    TeamServices services;

    public record Queues(List<SpaQueue> queues, Map<String, String> clusters, List<String> problems) {

        public List<List<String>> services() {
            return SpaQueue.SERVICES;
        }

        public List<List<String>> priorities() {
            return SpaQueue.PRIORITIES;
        }
    }

    public Queues read(String token, Instant now) {
        Map<String, CompletableFuture<JsonNode>> asked = new LinkedHashMap<>();
        SpaQueue.NAMES.forEach(queue -> asked.put(queue.name(), services.referrals("/fhir/ServiceRequest?_query="
                + queue.name() + "&_count=50", token)));
        CompletableFuture<JsonNode> clusters = services.referrals("/spa/clusters", token);
        List<String> problems = new ArrayList<>();
        List<SpaQueue> queues = new ArrayList<>();
        for (SpaQueue queue : SpaQueue.NAMES) {
            List<SpaQueue.Item> items = new ArrayList<>();
            JsonNode bundle = TeamServices.orProblem(asked.get(queue.name()), problems);
            for (JsonNode entry : bundle == null ? List.<JsonNode>of() : bundle.path("entry")) {
                JsonNode referral = entry.path("resource");
                String nhsNumber = referral.path("subject").path("identifier").path("value").asText("");
                items.add(new SpaQueue.Item(referral.path("id").asText(), referral.path("meta").path("versionId")
                        .asText(), nhsNumber.isEmpty() ? "Not known" : NhsNumbers.spaced(nhsNumber),
                        TeamBoards.minute(referral.path("authoredOn").asText()), ReferralWords.priority(referral),
                        ReferralWords.service(referral), why(referral), UrgentClock.of(referral, now)));
            }
            queues.add(new SpaQueue(queue.name(), queue.heading(), queue.explains(), items));
        }
        Map<String, String> clusterNames = new LinkedHashMap<>();
        JsonNode map = TeamServices.orProblem(clusters, problems);
        if (map != null) {
            map.forEach(cluster -> clusterNames.put(cluster.path("code").asText(), cluster.path("name").asText()));
        }
        return new Queues(queues, clusterNames, problems.stream().distinct().toList());
    }

    /** Why the referral waits on its queue, in the SPA's words (the queue's extension on it). */
    private static String why(JsonNode referral) {
        for (String url : List.of(FhirNames.TO_CATEGORISE, FhirNames.TO_TRACE, FhirNames.UNROUTED)) {
            JsonNode reason = extension(referral, url);
            if (!reason.isMissingNode()) {
                return reason.path("valueString").asText();
            }
        }
        return ReferralWords.state(referral);
    }
}
