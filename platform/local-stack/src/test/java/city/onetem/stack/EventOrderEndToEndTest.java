package city.onetem.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two instances of the SPA and two of care-plans on one broker and one database, with the same
 * people's referrals made, triaged and accepted at once through both SPA instances: every
 * person's events reach the topics in the order their changes committed, and the plans apply
 * each exactly once, none lost. One instance of each publishes; the other stands by and takes
 * over when the publisher dies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventOrderEndToEndTest {

    private static final Duration READY = Duration.ofSeconds(180);
    private static final int PEOPLE = 8;
    private static final int REFERRALS_EACH = 3;
    private static final Pattern NHS = Pattern.compile("\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"(\\d{10})\"");
    private static final Pattern LAST_UPDATED = Pattern.compile("\"lastUpdated\":\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("\"versionId\":\"(\\d+)\"");
    private static final Pattern ID = Pattern.compile("^\\{\"resourceType\":\"(\\w+\",\"id\":\"[^\"]+)\"");
    private static final Pattern RELAY = Pattern.compile("\"relay\"\\s*:\\s*\"(\\w+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalStack stack;
    private List<ServiceProcess> spa;
    private List<ServiceProcess> carePlans;
    private String referrer;
    private String spaToken;
    private String careTeam;
    private String operator;

    @BeforeAll
    void startTwoOfEach() {
        stack = new LocalStack(LocalStack.findRoot(), Path.of("target", "e2e-order").toAbsolutePath(), false)
                .startInfrastructure();
        spa = List.of(stack.instance("referrals", 1).start(), stack.instance("referrals", 2).start());
        carePlans = List.of(stack.instance("care-plans", 1).start(), stack.instance("care-plans", 2).start());
        spa.forEach(s -> s.awaitReady(READY));
        carePlans.forEach(s -> s.awaitReady(READY));
        referrer = stack.keys().token("dr.patel", "J82001", "referring-system");
        spaToken = stack.keys().token("spa.coordinator", "R1C", "spa-coordinator");
        operator = stack.keys().token("oncall.engineer", "R1C", "service-administrator");
        careTeam = stack.keys().member("nurse.jones", "R1C", "central", "community-nurse");
    }

    @AfterAll
    void stopStack() {
        stack.close();
    }

    @Test
    void everyPersonsEventsArriveInCommitOrderAndEachIsAppliedOnceWithTwoInstancesOfEach() throws Exception {
        assertEquals(List.of("publishing", "standby"), relayRoles(spa), "one SPA instance publishes");
        assertEquals(List.of("publishing", "standby"), relayRoles(carePlans), "one care-plans instance publishes");

        List<String> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            people.add(TestNhsNumbers.next());
        }
        Map<String, AtomicInteger> changes = new ConcurrentHashMap<>();
        Map<String, String> lastReferralOf = new ConcurrentHashMap<>();
        ExecutorService load = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        // Each person's referrals at once, each through both SPA instances: writers race for the same person.
        for (int r = 0; r < REFERRALS_EACH; r++) {
            for (int p = 0; p < PEOPLE; p++) {
                String nhs = people.get(p);
                int first = (p + r) % 2;
                work.add(load.submit(() -> {
                    String id = refer(spa.get(first), nhs);
                    changes.computeIfAbsent(nhs, k -> new AtomicInteger()).incrementAndGet();
                    ok(Demo.operate(spa.get(1 - first).baseUrl(), spaToken, id, "$triage", """
                            {"resourceType":"Parameters","parameter":[{"name":"priority","valueCode":"routine"}]}"""));
                    changes.get(nhs).incrementAndGet();
                    ok(Demo.operate(spa.get(first).baseUrl(), spaToken, id, "$accept", "{\"resourceType\":\"Parameters\"}"));
                    changes.get(nhs).incrementAndGet();
                    lastReferralOf.put(nhs, id);
                    return null;
                }));
            }
        }
        for (Future<?> done : work) {
            done.get();
        }
        load.shutdown();

        // Every change reaches the person's plan once: one plan version per referral event, all accepted.
        for (String nhs : people) {
            int expected = changes.get(nhs).get();
            String bundle = awaitPlanVersion(nhs, expected);
            assertEquals(REFERRALS_EACH, occurrences(bundle, "accepted by Central cluster"), bundle);
        }

        // On referrals.v1, each person's events in the order their changes committed (each version is
        // stamped under the person's lock, so commit order is lastUpdated order), none missing.
        // Every plan is at its last version, so every event was published: read all there is.
        List<ConsumerRecord<String, String>> published = TestEvents.read(stack.kafkaBootstrapServers(),
                "referrals.v1", Duration.ofSeconds(5), seen -> false);
        // Nothing crashed: not even a second copy (the consumers would ignore one, but none was sent).
        assertEquals(PEOPLE * REFERRALS_EACH * 3, countFor(published, people), "each change published once");
        Map<String, List<String[]>> referralEvents = byPerson(published);
        for (String nhs : people) {
            List<String[]> events = referralEvents.get(nhs);
            assertEquals(changes.get(nhs).get(), events.size(), "every change of " + nhs + " published once");
            assertInCommitOrder(nhs, events, true);
        }
        // On careplans.v1, each resource's versions in order. (Not lastUpdated across resources: one
        // transaction writes a plan, a task and a care team, and restamps the plan last.)
        Map<String, List<String[]>> planEvents = byPerson(TestEvents.read(stack.kafkaBootstrapServers(),
                "careplans.v1", Duration.ofSeconds(20), seen -> false));
        for (String nhs : people) {
            assertInCommitOrder(nhs, planEvents.get(nhs), false);
        }

        // The publishing SPA instance dies: the standby takes the outbox over and nothing is lost.
        ServiceProcess publisher = "publishing".equals(relayRole(spa.get(0))) ? spa.get(0) : spa.get(1);
        ServiceProcess standby = publisher == spa.get(0) ? spa.get(1) : spa.get(0);
        publisher.kill();
        String nhs = people.get(0);
        refer(standby, nhs);
        awaitPlanVersion(nhs, changes.get(nhs).get() + 1);
        assertEquals("publishing", relayRole(standby));
    }

    /** Per resource, strictly rising versions; per person, never an earlier change after a later one. */
    private static void assertInCommitOrder(String nhs, List<String[]> events, boolean acrossResources) {
        Map<String, Long> versions = new HashMap<>();
        Instant last = Instant.MIN;
        for (String[] event : events) {
            Instant changed = Instant.parse(event[1]);
            assertTrue(!acrossResources || !changed.isBefore(last), nhs + ": a change of " + changed + " published after one of " + last);
            last = changed;
            Long before = versions.put(event[0], Long.parseLong(event[2]));
            assertTrue(before == null || before < Long.parseLong(event[2]),
                    nhs + ": " + event[0] + " version " + event[2] + " published after version " + before);
        }
    }

    /** Each person's events as [resource id, lastUpdated, version], first copy of each ce_id, in topic order. */
    private static Map<String, List<String[]>> byPerson(List<ConsumerRecord<String, String>> records) {
        Map<String, List<String[]>> events = new HashMap<>();
        Set<String> seen = new HashSet<>();
        // Topic order per partition; one person's events share a partition.
        for (ConsumerRecord<String, String> record : records) {
            if (!seen.add(TestEvents.header(record, "ce_id"))) {
                continue;
            }
            String nhs = find(NHS, record.value());
            events.computeIfAbsent(nhs, k -> new ArrayList<>()).add(new String[] {
                    find(ID, record.value()), find(LAST_UPDATED, record.value()), find(VERSION, record.value())});
        }
        return events;
    }

    private static long countFor(List<ConsumerRecord<String, String>> records, List<String> people) {
        return records.stream().map(r -> find(NHS, r.value())).filter(people::contains).count();
    }

    private String awaitPlanVersion(String nhs, int version) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String bundle = "";
        while (Instant.now().isBefore(deadline)) {
            // Refused (null) until the first referral's event has made the plan the central team holds.
            String allowed = Demo.carePlansIfAllowed(carePlans.get(0).baseUrl(), careTeam, nhs);
            bundle = allowed == null ? "" : allowed;
            Matcher matcher = VERSION.matcher(bundle);
            if (matcher.find() && Integer.parseInt(matcher.group(1)) >= version) {
                assertEquals(String.valueOf(version), matcher.group(1), "one plan version per change: " + bundle);
                return bundle;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The plan of " + nhs + " did not reach version " + version + ": " + bundle);
    }

    /** What each instance's relay does, sorted: one publishing and the rest standing by. */
    private List<String> relayRoles(List<ServiceProcess> instances) throws Exception {
        List<String> roles = new ArrayList<>();
        for (ServiceProcess instance : instances) {
            roles.add(relayRole(instance));
        }
        return roles.stream().sorted().toList();
    }

    /** As the on-call engineer reads it: the health details are theirs alone. */
    private String relayRole(ServiceProcess instance) throws Exception {
        String health = HTTP.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/admin/health/ready"))
                .header("Authorization", "Bearer " + operator).build(), HttpResponse.BodyHandlers.ofString()).body();
        return find(RELAY, health) == null ? health : find(RELAY, health);
    }

    private String refer(ServiceProcess instance, String nhs) throws Exception {
        HttpResponse<String> created = Demo.postReferral(instance.baseUrl(), referrer, Demo.referral(nhs));
        assertEquals(201, created.statusCode(), created.body());
        return Demo.idOf(created.body());
    }

    private static void ok(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
