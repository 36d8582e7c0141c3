package city.onetem.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The walking skeleton across two service processes on a real broker and a real database: a
 * referral posted to the SPA appears on the person's care plan, once, whatever crashes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferralToCarePlanEndToEndTest {

    private static final Duration READY = Duration.ofSeconds(120);
    private static final Pattern VERSION = Pattern.compile("\"versionId\"\\s*:\\s*\"(\\d+)\"");

    private LocalStack stack;
    private String referrer;
    private String careTeam;
    private String spa;
    private String operator;

    @BeforeAll
    void startStack() {
        stack = new LocalStack(LocalStack.findRoot(), Path.of("target", "e2e").toAbsolutePath(), false)
                .startInfrastructureForBrokerOutages();
        stack.service("referrals").start();
        stack.service("care-plans").start();
        stack.get("referrals").awaitReady(READY);
        stack.get("care-plans").awaitReady(READY);
        referrer = stack.keys().token("dr.patel", "J82001", "referring-system");
        careTeam = stack.keys().member("nurse.jones", "R1C", "central", "community-nurse");
        spa = stack.keys().token("spa.coordinator", "R1C", "spa-coordinator");
        operator = stack.keys().token("oncall.engineer", "R1C", "service-administrator");
    }

    @AfterAll
    void stopStack() {
        stack.close();
    }

    @Test
    void aReferralReachesThePersonsCarePlan() throws Exception {
        // How fast is measured by the benchmark (docs/performance.md), not asserted here: a timed
        // assertion on a shared 2-core machine would flake. This proves it arrives, once.
        String nhsNumber = TestNhsNumbers.next();
        long posted = System.nanoTime();
        String referralId = refer(nhsNumber);
        String bundle = Demo.awaitReferralInCarePlan(carePlans(), careTeam, nhsNumber, referralId,
                Duration.ofSeconds(10));
        System.out.printf("referral -> care plan readable: %.1f ms%n", (System.nanoTime() - posted) / 1e6);
        assertTrue(bundle.contains("\"total\":1"), bundle);
        assertEquals("1", planVersion(bundle));
    }

    @Test
    void aReferralAcceptedInTheSpaShowsAsAcceptedOnTheCarePlan() throws Exception {
        String nhsNumber = TestNhsNumbers.next();
        String referralId = refer(nhsNumber);
        Demo.triageAndAccept(stack.get("referrals").baseUrl(), spa, referralId);
        String bundle = Demo.awaitCarePlan(carePlans(), careTeam, nhsNumber,
                "Community nursing referral: accepted by Central cluster", Duration.ofSeconds(10));
        assertEquals(1, occurrences(bundle, referralId), "one activity for the referral, at its latest state");
    }

    @Test
    void aReferralTheSpaMustTraceAndCategoriseReachesThePlanOnceItHasBeen() throws Exception {
        // A UK Core referral from a GP about someone whose NHS number the practice does not have,
        // for a service coded in SNOMED CT that the SPA's tables do not map: received, not refused.
        String untraced = """
                {"resourceType":"ServiceRequest","status":"active","intent":"order",
                 "contained":[{"resourceType":"Patient","id":"person","name":[{"family":"Nomad","given":["Sam"]}],
                   "birthDate":"1948-02-01","address":[{"postalCode":"SO14 2AA"}]}],
                 "code":{"coding":[{"system":"http://snomed.info/sct","code":"73761001","display":"Colonoscopy"}]},
                 "subject":{"reference":"#person"},
                 "requester":{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"J82001"}}}""";
        String referralId = refer(null, untraced);
        String nhsNumber = TestNhsNumbers.next();
        String referrals = stack.get("referrals").baseUrl();
        Demo.operate(referrals, spa, referralId, "$trace", "{\"resourceType\":\"Parameters\",\"parameter\":["
                + "{\"name\":\"nhs-number\",\"valueString\":\"" + nhsNumber + "\"},"
                + "{\"name\":\"practice\",\"valueString\":\"J82021\"}]}");
        // J82021 is a north practice: the referral, once traced, is the north team's to see.
        String northNurse = stack.keys().member("nurse.khan", "R1C", "north", "community-nurse");
        Demo.awaitReferralInCarePlan(carePlans(), northNurse, nhsNumber, referralId, Duration.ofSeconds(10));
        Demo.operate(referrals, spa, referralId, "$triage", "{\"resourceType\":\"Parameters\",\"parameter\":["
                + "{\"name\":\"priority\",\"valueCode\":\"routine\"},"
                + "{\"name\":\"category\",\"valueCode\":\"reablement\"}]}");
        Demo.operate(referrals, spa, referralId, "$accept", "{\"resourceType\":\"Parameters\"}");
        String bundle = Demo.awaitCarePlan(carePlans(), northNurse, nhsNumber,
                "Reablement referral: accepted by North cluster", Duration.ofSeconds(10));
        assertEquals(1, occurrences(bundle, referralId), "one activity for the referral, at its latest state");
    }

    @Test
    void aCrashAfterCommitAndBeforePublishLosesNothingAndAppliesOnce() throws Exception {
        ServiceProcess referrals = stack.get("referrals");
        referrals.stop();
        // Relay off: the referral commits with its event in the outbox and nothing is sent.
        referrals.with("onetem.outbox.relay.enabled", "false").start().awaitReady(READY);
        String nhsNumber = TestNhsNumbers.next();
        String referralId = refer(nhsNumber);
        assertEquals(1, unpublishedEvents(referralId), "the event waits in the outbox");

        referrals.kill();
        assertFalse(referrals.isAlive());
        referrals.with("onetem.outbox.relay.enabled", "true").start().awaitReady(READY);

        String bundle = Demo.awaitReferralInCarePlan(carePlans(), careTeam, nhsNumber, referralId,
                Duration.ofSeconds(10));
        assertEquals(0, unpublishedEvents(referralId), "published after the restart");
        assertEquals(1, occurrences(bundle, referralId), "the referral shows on the plan once");
        assertEquals("1", planVersion(bundle));
    }

    @Test
    void anEventPublishedTwiceIsAppliedOnce() throws Exception {
        String nhsNumber = TestNhsNumbers.next();
        String referralId = refer(nhsNumber);
        Demo.awaitReferralInCarePlan(carePlans(), careTeam, nhsNumber, referralId, Duration.ofSeconds(10));

        // As if the relay crashed after the broker acknowledged the send and before it marked
        // the row: the row is unmarked, so the relay sends the same event (same ce_id) again.
        try (Connection db = stack.connect("referrals");
                PreparedStatement unmark = db.prepareStatement(
                        "update outbox_event set published_at = null where subject = ?")) {
            unmark.setString(1, "ServiceRequest/" + referralId);
            assertEquals(1, unmark.executeUpdate());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (unpublishedEvents(referralId) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, unpublishedEvents(referralId), "the relay re-sent it");
        // A later referral for the same person is on the same partition: once it is applied,
        // the duplicate before it has been consumed too.
        String laterId = refer(nhsNumber);
        String bundle = Demo.awaitReferralInCarePlan(carePlans(), careTeam, nhsNumber, laterId,
                Duration.ofSeconds(10));
        assertEquals(1, occurrences(bundle, referralId));
        assertEquals("2", planVersion(bundle), "one version for each referral, none for the duplicate");
    }

    @Test
    void whileTheDatabaseIsDownAReferrerIsToldToRetryAndAfterwardsEverythingFlowsAgain() throws Exception {
        String before = TestNhsNumbers.next();
        String referredBefore = refer(before);
        stack.stopDatabase();
        try {
            HttpResponse<String> refused = Demo.postReferral(stack.get("referrals").baseUrl(), referrer,
                    Demo.referral(TestNhsNumbers.next()));
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("\"OperationOutcome\"") && refused.body().contains("\"transient\""),
                    refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "says when to try again");
            assertEquals(503, status(stack.get("referrals").baseUrl() + "/q/health/ready"), "not ready");
        } finally {
            stack.startDatabase();
        }
        stack.get("referrals").awaitReady(READY);
        stack.get("care-plans").awaitReady(READY);
        String after = TestNhsNumbers.next();
        String referredAfter = refer(after);
        Demo.awaitReferralInCarePlan(carePlans(), careTeam, before, referredBefore, Duration.ofSeconds(20));
        Demo.awaitReferralInCarePlan(carePlans(), careTeam, after, referredAfter, Duration.ofSeconds(20));
    }

    @Test
    void aReferralOverAMegabyteIsPublishedAndTheReferralsAfterItStillReachTheirPlans() throws Exception {
        // Kafka's default 1 MiB limit once held this one back and every event after it, for ever.
        String big = TestNhsNumbers.next();
        String bigReferral = refer(big, withNote(Demo.referral(big), 1_200_000));
        String next = TestNhsNumbers.next();
        String nextReferral = refer(next);
        Demo.awaitReferralInCarePlan(carePlans(), careTeam, next, nextReferral, Duration.ofSeconds(20));
        Demo.awaitReferralInCarePlan(carePlans(), careTeam, big, bigReferral, Duration.ofSeconds(20));
        assertEquals(0, unpublishedEvents(bigReferral));
    }

    @Test
    void anEventTheBrokerRefusesIsParkedTheRestFlowAndAfterTheFixAReplayPublishesIt() throws Exception {
        String referrals = stack.get("referrals").baseUrl();
        // A topic set up by hand with a smaller limit than the services agree on.
        setTopicMaxMessageBytes("referrals.v1", 1_048_588);
        String refused;
        String big = TestNhsNumbers.next();
        try {
            refused = refer(big, withNote(Demo.referral(big), 1_500_000));
            String next = TestNhsNumbers.next();
            String nextReferral = refer(next);
            Demo.awaitReferralInCarePlan(carePlans(), careTeam, next, nextReferral, Duration.ofSeconds(20));

            String parked = awaitBody(referrals + "/admin/events/parked", operator, body -> body.contains(refused));
            assertTrue(parked.contains("RecordTooLargeException"), parked);
            assertEquals(503, status(referrals + "/q/health/group/events"), "the events group says so");
            assertEquals(200, status(referrals + "/q/health/ready"), "the API still serves");
        } finally {
            setTopicMaxMessageBytes("referrals.v1", 4 * 1024 * 1024 + 64 * 1024);
        }
        String eventId = parkedOutboxEvent(refused);
        HttpResponse<String> replayed = post(referrals + "/admin/events/parked/outbound/" + eventId + "/replay", operator);
        assertEquals(200, replayed.statusCode(), replayed.body());
        Demo.awaitReferralInCarePlan(carePlans(), careTeam, big, refused, Duration.ofSeconds(20));
        assertEquals(0, unpublishedEvents(refused));
        assertEquals(200, status(referrals + "/q/health/group/events"));
    }

    @Test
    void theBrokerStoppedAndRestartedUnderLoadLosesNothingDoublesNothingAndReadinessRecoversByItself()
            throws Exception {
        List<String[]> referrals = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            try {
                while (loading.get()) {
                    String nhsNumber = TestNhsNumbers.next();
                    referrals.add(new String[] {nhsNumber, refer(nhsNumber)});
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitCount(referrals, 5);
        stack.stopBroker();
        int postedWhileDown;
        try {
            awaitStatus(stack.get("referrals").baseUrl() + "/q/health/ready", 503);
            awaitStatus(carePlans() + "/q/health/ready", 503);
            int before = referrals.size();
            awaitCount(referrals, before + 10); // referrals are still taken, into the outbox
            postedWhileDown = referrals.size() - before;
        } finally {
            stack.startBroker();
        }
        // Readiness, not the startup check: Kubernetes asks that only until a service first starts
        // (and SmallRye's metrics-based startup check was seen to stay KO after a broker restart).
        awaitStatus(stack.get("referrals").baseUrl() + "/q/health/ready", 200);
        awaitStatus(carePlans() + "/q/health/ready", 200);
        loading.set(false);
        load.join();

        assertTrue(postedWhileDown >= 10, "referrals were taken while the broker was down");
        for (String[] referral : referrals) {
            String bundle = Demo.awaitReferralInCarePlan(carePlans(), careTeam, referral[0], referral[1],
                    Duration.ofSeconds(60));
            assertEquals(1, occurrences(bundle, referral[1]), "the referral shows on the plan once");
            assertEquals("1", planVersion(bundle), "one plan version for one referral");
            assertEquals(0, unpublishedEvents(referral[1]));
        }
        String parked = awaitBody(carePlans() + "/admin/events/parked", operator, body -> true);
        assertTrue(parked.contains("\"inbound\":[]"), "nothing parked: " + parked);
    }

    @Test
    void stoppingTheCarePlansServiceMidStreamLosesAndParksNothing() throws Exception {
        // SIGTERM while events are still arriving: whatever was in flight must be redelivered
        // after the restart, not parked as if it were poison.
        interruptCarePlansMidStream(ServiceProcess::stop);
    }

    @Test
    void killingTheCarePlansServiceMidStreamLosesNothingAndAppliesEachOnce() throws Exception {
        // SIGKILL: no shutdown at all, so some events are applied and committed in the database
        // but their offsets are not; they come again and must change nothing the second time.
        interruptCarePlansMidStream(process -> {
            try {
                process.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void interruptCarePlansMidStream(Consumer<ServiceProcess> interruption)
            throws Exception {
        List<String[]> referrals = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String nhsNumber = TestNhsNumbers.next();
            referrals.add(new String[] {nhsNumber, refer(nhsNumber)});
        }
        for (String[] referral : referrals) {
            Demo.awaitReferralInCarePlan(carePlans(), careTeam, referral[0], referral[1], Duration.ofSeconds(20));
        }
        ServiceProcess carePlans = stack.get("care-plans");
        CompletableFuture<Void> interrupted = CompletableFuture.runAsync(() -> interruption.accept(carePlans));
        // Referrals keep coming while it goes down, and a few more once it is down.
        int afterDown = 0;
        while (afterDown < 5) {
            String nhsNumber = TestNhsNumbers.next();
            referrals.add(new String[] {nhsNumber, refer(nhsNumber)});
            afterDown += carePlans.isAlive() ? 0 : 1;
        }
        interrupted.join();
        long applied = plansOf(referrals);
        assertTrue(applied >= 5 && applied < referrals.size(), "interrupted mid-stream: " + applied + " of "
                + referrals.size() + " referrals were on plans when it went down");
        carePlans.start().awaitReady(READY);
        for (String[] referral : referrals) {
            String bundle;
            try {
                bundle = Demo.awaitReferralInCarePlan(carePlans(), careTeam, referral[0], referral[1],
                        Duration.ofSeconds(20));
            } catch (IllegalStateException late) {
                throw new AssertionError(late.getMessage() + "\n" + whereEventsStand(referral[1]), late);
            }
            assertEquals(1, occurrences(bundle, referral[1]), "the referral shows on the plan once");
            assertEquals("1", planVersion(bundle), "one plan version for one referral");
        }
        List<ConsumerRecord<String, String>> parked = TestEvents.read(stack.kafkaBootstrapServers(),
                "referrals.v1.dlq", Duration.ofSeconds(2), seen -> false);
        assertEquals(List.of(), parked.stream().map(r -> TestEvents.header(r, "dead-letter-reason")).toList());
    }

    private String refer(String nhsNumber) throws Exception {
        return refer(nhsNumber, Demo.referral(nhsNumber));
    }

    private String refer(String nhsNumber, String body) throws Exception {
        HttpResponse<String> created = Demo.postReferral(stack.get("referrals").baseUrl(), referrer, body);
        assertEquals(201, created.statusCode(), created.body());
        return Demo.idOf(created.body());
    }

    /**
     * The referral with a clinical note of this many characters, as a long history pasted in would
     * be; random letters, so that compression on the way to the broker cannot shrink it below a limit.
     */
    private static String withNote(String referral, int characters) {
        java.util.Random random = new java.util.Random(characters);
        StringBuilder note = new StringBuilder(characters);
        for (int i = 0; i < characters; i++) {
            note.append((char) ('a' + random.nextInt(26)));
        }
        return referral.replace("Demo referral: leg ulcer dressing, lives alone", note);
    }

    private void setTopicMaxMessageBytes(String topic, int bytes) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes)),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    private String parkedOutboxEvent(String referralId) throws Exception {
        String eventId = outbox("select event_id from outbox_event where subject = ? and parked_at is not null",
                referralId);
        assertTrue(eventId != null, "parked");
        return eventId;
    }

    /**
     * Where a referral that did not reach its plan stands, for the failure message: its events on
     * the topic, what care-plans holds in hand, and any care-plans session waiting on a lock.
     */
    private String whereEventsStand(String referralId) throws Exception {
        StringBuilder where = new StringBuilder();
        TestEvents.read(stack.kafkaBootstrapServers(), "referrals.v1", Duration.ofSeconds(3), seen -> false).stream()
                .filter(r -> r.value() != null && r.value().contains(referralId))
                .forEach(r -> where.append("on the topic: ").append(r.partition()).append('@').append(r.offset())
                        .append(' ').append(TestEvents.header(r, "ce_type")).append('\n'));
        where.append("care-plans consumers: ").append(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(carePlans() + "/admin/health/group/events")).header("Authorization", "Bearer " + operator)
                .build(), HttpResponse.BodyHandlers.ofString()).body()).append('\n');
        try (Connection db = stack.connect("careplans");
                PreparedStatement sessions = db.prepareStatement("select pid, state, wait_event_type, wait_event, "
                        + "now() - xact_start, left(query, 120) from pg_stat_activity where datname = 'careplans' "
                        + "and state <> 'idle' and pid <> pg_backend_pid()");
                ResultSet row = sessions.executeQuery()) {
            while (row.next()) {
                where.append("careplans session ").append(row.getInt(1)).append(": ").append(row.getString(2))
                        .append(", waiting ").append(row.getString(3)).append('/').append(row.getString(4))
                        .append(", in transaction ").append(row.getString(5)).append(": ").append(row.getString(6))
                        .append('\n');
            }
        }
        return where.toString();
    }

    /** How many of these referrals' people have a plan in the care-plans database now. */
    private long plansOf(List<String[]> referrals) throws Exception {
        try (Connection db = stack.connect("careplans");
                PreparedStatement count = db.prepareStatement("select count(*) from care_plan where nhs_number = any(?)")) {
            count.setArray(1, db.createArrayOf("text", referrals.stream().map(r -> r[0]).toArray()));
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static String awaitBody(String url, String token, java.util.function.Predicate<String> until)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (until.test(body)) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " never showed what was expected: " + body);
    }

    private static HttpResponse<String> post(String url, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitCount(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (list.size() < size) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + list.size() + " of " + size + " in time");
            }
            Thread.sleep(20);
        }
    }

    private static void awaitStatus(String url, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status = status(url);
        while (status != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(url + " answered " + status + ", not " + expected);
            }
            Thread.sleep(200);
            status = status(url);
        }
    }

    private static int status(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String carePlans() {
        return stack.get("care-plans").baseUrl();
    }

    private long unpublishedEvents(String referralId) throws Exception {
        return Long.parseLong(outbox("select count(*) from outbox_event where subject = ? and published_at is null",
                referralId));
    }

    /** The first column of the first row the query finds for the referral's events in the SPA's outbox. */
    private String outbox(String query, String referralId) throws Exception {
        try (Connection db = stack.connect("referrals"); PreparedStatement statement = db.prepareStatement(query)) {
            statement.setString(1, "ServiceRequest/" + referralId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static String planVersion(String bundle) {
        Matcher matcher = VERSION.matcher(bundle);
        assertTrue(matcher.find(), bundle);
        return matcher.group(1);
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
