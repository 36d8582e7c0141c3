package city.onetem.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.TestNhsNumbers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The care-plans database is lost; care-plans is started on an empty one with
 * onetem.care-plans.rebuild-from-log and gives back the same plans, parts, tasks and versions, who
 * made each, the columns its searches use and what it knows of the events it consumed. Then its
 * consumer groups are set back to the start of their topics, as if their offsets were lost too:
 * every event comes again, and none is applied twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebuildEndToEndTest {

    private static final Duration READY = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> GROUPS = Map.of("care-plans", "referrals.v1",
            "care-plans-discharges", "discharges.v1", "care-plans-virtualward", "virtualward.v1");
    /** What care-plans holds, table by table, as a person or a search would see it. */
    private static final Map<String, String> HELD = new LinkedHashMap<>();

    static {
        String at = "to_char(last_updated at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')";
        HELD.put("care_plan", "select id, version, nhs_number, status, " + at + ", resource, cluster,"
                + " anticipatory_review, end_of_life_register from care_plan order by id");
        HELD.put("care_plan_version", "select id, version, " + at + ", changed_by, resource from care_plan_version"
                + " order by id, version");
        HELD.put("care_plan_target_group", "select care_plan_id, code from care_plan_target_group order by 1, 2");
        HELD.put("task", "select id, version, nhs_number, status, " + at + ", resource, owner, care_plan_id, source_ref"
                + " from task order by id");
        HELD.put("task_version", "select id, version, " + at + ", changed_by, resource from task_version order by id, version");
        HELD.put("plan_part", "select id, resource_type, version, nhs_number, status, " + at + ", resource, care_plan_id"
                + " from plan_part order by id");
        HELD.put("plan_part_version", "select id, version, " + at + ", changed_by, resource from plan_part_version"
                + " order by id, version");
        HELD.put("sharing_objection", "select consent_id, nhs_number, recipient, keeper from sharing_objection"
                + " order by 1, 2, 3");
        HELD.put("applied_version", "select resource_ref, version from applied_version order by 1");
    }

    private LocalStack stack;
    private String nhsNumber;
    private String careTeam;

    @BeforeAll
    void aDayOnTheWholeStack() throws Exception {
        stack = new LocalStack(LocalStack.findRoot(), Path.of("target", "e2e-rebuild").toAbsolutePath(), false)
                .startInfrastructure();
        stack.startAllServices(READY);
        careTeam = stack.keys().member("nurse.jones", "R1C", "central", "community-nurse");
        nhsNumber = TestNhsNumbers.next();
        Demo.referToCentralTeam(stack, stack.keys().token("dr.patel", "J82001", "referring-system"), careTeam,
                nhsNumber);
        Demo.hospitalStay(stack, stack.keys().token("discharge.hub", "RHM", "discharge-hub"), careTeam, nhsNumber,
                said -> {
                });
        Demo.virtualWard(stack, stack.keys().token("dr.okafor", "R1C", "virtual-ward-clinician"), careTeam, nhsNumber,
                said -> {
                });
        // Parts people write: a goal, then a change to it, and an objection to sharing with one organisation.
        String goal = post("Goal", """
                {"resourceType":"Goal","lifecycleStatus":"active","description":{"text":"Walk to the corner shop"},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "target":[{"dueDate":"2027-02-01"}]}""".formatted(nhsNumber));
        put("Goal/" + goal, "1", """
                {"resourceType":"Goal","id":"%s","lifecycleStatus":"completed","description":{"text":"Walk to the corner shop"},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "target":[{"dueDate":"2027-02-01"}]}""".formatted(goal, nhsNumber));
        post("Consent", """
                {"resourceType":"Consent","status":"active","dateTime":"2026-11-30T10:00:00Z",
                 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
                 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
                 "patient":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "performer":[{"display":"The person, in their own words"}],
                 "organization":[{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"R1C"}}],
                 "sourceAttachment":{"title":"Verbally, at a home visit"},
                 "provision":{"type":"deny","actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"IRCP"}]},
                  "reference":{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"VS001"}}}]}}"""
                .formatted(nhsNumber));
    }

    @AfterAll
    void stopStack() {
        stack.close();
    }

    @Test
    void aLostDatabaseComesBackFromTheLogAndNoEventIsAppliedTwice() throws Exception {
        ServiceProcess carePlans = stack.get("care-plans");
        awaitAllPublished();
        awaitConsumed();
        Map<String, List<String>> before = held();
        // The day made: plan versions by every service's events and by people, tasks from the discharge and
        // the ward, a goal in two versions, an objection, and five resources of other services applied.
        Map<String, Integer> sizes = new LinkedHashMap<>();
        before.forEach((table, rows) -> sizes.put(table, rows.size()));
        assertTrue(sizes.get("care_plan_version") >= 10 && sizes.get("task") == 3 && sizes.get("plan_part_version") == 3
                && sizes.get("sharing_objection") == 1 && sizes.get("applied_version") == 5, sizes::toString);

        carePlans.stop();
        stack.rebuildCarePlansFromTheLog();
        carePlans.start().awaitReady(READY);
        assertHolds(before, "care-plans rebuilt from the log");
        String plan = get("CarePlan/" + before.get("care_plan").get(0).split(" \\| ")[0]);
        assertTrue(plan.contains("Walk to the corner shop (completed"), "the plan reads as before: " + plan);

        // Offsets lost as well: every event comes again, and is known.
        carePlans.stop();
        carePlans.with(LocalStack.REBUILD_CARE_PLANS, "false");
        try (Admin admin = admin()) {
            for (String group : GROUPS.keySet()) {
                Map<TopicPartition, OffsetAndMetadata> toStart = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get().keySet().stream()
                        .collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(0)));
                // Refused while the stopped instance's members are still in the group.
                await("group " + group + " to be set back", () -> {
                    try {
                        admin.alterConsumerGroupOffsets(group, toStart).all().get();
                        return true;
                    } catch (java.util.concurrent.ExecutionException e) {
                        return false;
                    }
                });
            }
        }
        carePlans.start().awaitReady(READY);
        awaitConsumed();
        awaitAllPublished();
        assertHolds(before, "every event delivered again, none applied twice");
    }

    @Test
    void careplansKeepsEveryVersionForEverAndTheOtherTopicsAWeek() throws Exception {
        try (Admin admin = admin()) {
            Map<String, String> retention = new LinkedHashMap<>();
            for (String topic : List.of("careplans.v1", "referrals.v1")) {
                var resource = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
                retention.put(topic, admin.describeConfigs(List.of(resource)).all().get().get(resource)
                        .get("retention.ms").value());
            }
            assertEquals(Map.of("careplans.v1", "-1", "referrals.v1", "604800000"), retention);
        }
    }

    /** Table by table, so that a difference names its table. */
    private void assertHolds(Map<String, List<String>> expected, String when) throws SQLException {
        Map<String, List<String>> now = held();
        expected.forEach((table, rows) -> assertEquals(rows, now.get(table), when + ": " + table));
    }

    private Map<String, List<String>> held() throws SQLException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        try (Connection database = stack.connect("careplans"); Statement sql = database.createStatement()) {
            for (Map.Entry<String, String> table : HELD.entrySet()) {
                List<String> lines = new ArrayList<>();
                try (ResultSet row = sql.executeQuery(table.getValue())) {
                    int columns = row.getMetaData().getColumnCount();
                    while (row.next()) {
                        StringBuilder line = new StringBuilder();
                        for (int c = 1; c <= columns; c++) {
                            line.append(c == 1 ? "" : " | ").append(row.getString(c));
                        }
                        lines.add(line.toString());
                    }
                }
                rows.put(table.getKey(), lines);
            }
        }
        return rows;
    }

    /** Care-plans' outbox has gone out: the log holds every version it wrote. */
    private void awaitAllPublished() throws Exception {
        await("care-plans' outbox to empty", () -> {
            try (Connection database = stack.connect("careplans"); Statement sql = database.createStatement();
                    ResultSet left = sql.executeQuery("select count(*) from outbox_event where published_at is null")) {
                left.next();
                return left.getLong(1) == 0;
            }
        });
    }

    /** Care-plans' consumer groups have committed to the end of the topics they read. */
    private void awaitConsumed() throws Exception {
        await("care-plans to consume everything", () -> {
            try (Admin admin = admin()) {
                for (Map.Entry<String, String> group : GROUPS.entrySet()) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                            .partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                    for (int p = 0; p < 3; p++) {
                        latest.put(new TopicPartition(group.getValue(), p), OffsetSpec.latest());
                    }
                    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end
                            : admin.listOffsets(latest).all().get().entrySet()) {
                        OffsetAndMetadata at = committed.get(end.getKey());
                        if (end.getValue().offset() > (at == null ? 0 : at.offset())) {
                            return false;
                        }
                    }
                }
                return true;
            }
        });
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (!check.holds()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("Waited a minute for " + what);
            }
            Thread.sleep(250);
        }
    }

    private String post(String type, String body) throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(carePlans(type))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(201, created.statusCode(), created.body());
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
        assertTrue(id.find(), created.body());
        return id.group(1);
    }

    private void put(String path, String version, String body) throws Exception {
        HttpResponse<String> updated = send(HttpRequest.newBuilder(carePlans(path)).header("If-Match", "W/\"" + version + "\"")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, updated.statusCode(), updated.body());
    }

    private String get(String path) throws Exception {
        HttpResponse<String> read = send(HttpRequest.newBuilder(carePlans(path)).GET());
        assertEquals(200, read.statusCode(), read.body());
        return read.body();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.header("Authorization", "Bearer " + careTeam)
                .header("Content-Type", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI carePlans(String path) {
        return URI.create(stack.get("care-plans").baseUrl() + "/fhir/" + path);
    }
}
