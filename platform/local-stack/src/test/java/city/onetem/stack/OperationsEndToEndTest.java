package city.onetem.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.TestNhsNumbers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the on-call engineer works from, over the whole stack after the demo's day: the alert
 * rules and the dashboard in deploy/monitoring read only metrics the services export, and every
 * alert leads to a section of the runbook.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsEndToEndTest {

    private static final Duration READY = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The series the rules and the dashboard read; Prometheus makes `up` itself. */
    private static final Pattern SERIES = Pattern.compile(
            "\\b((?:onetem|kafka_consumer|http_server|jvm|process)_[a-z0-9_]+)\\b");
    private static final Pattern RUNBOOK = Pattern.compile("runbook_url: docs/runbook\\.md#([a-z0-9-]+)");
    private static final Pattern JOBS = Pattern.compile("job=~\"([a-z|-]+)\"");

    private LocalStack stack;
    private Path root;

    @BeforeAll
    void startStack() throws Exception {
        root = LocalStack.findRoot();
        stack = new LocalStack(root, Path.of("target", "e2e-operations").toAbsolutePath(), false).startInfrastructure();
        stack.startAllServices(READY);
        // A day's work, so that every counter has counted: a referral, a hospital stay over MLLP, a
        // virtual ward escalation.
        String careTeam = stack.keys().member("nurse.jones", "R1C", "central", "community-nurse");
        String nhsNumber = TestNhsNumbers.next();
        Demo.referToCentralTeam(stack, stack.keys().token("dr.patel", "J82001", "referring-system"), careTeam,
                nhsNumber);
        Demo.hospitalStay(stack, stack.keys().token("discharge.hub", "RHM", "discharge-hub"), careTeam, nhsNumber, said -> {
        });
        Demo.virtualWard(stack, stack.keys().token("dr.okafor", "R1C", "virtual-ward-clinician"), careTeam, nhsNumber,
                said -> {
                });
    }

    @AfterAll
    void stopStack() {
        stack.close();
    }

    @Test
    void theAlertsAndTheDashboardReadOnlyWhatTheServicesExport() throws Exception {
        Set<String> exported = new TreeSet<>();
        for (String service : services()) {
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
                    URI.create(stack.get(service).baseUrl() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), service + " /q/metrics");
            metrics.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(exported::add);
        }
        for (String file : List.of("deploy/monitoring/alerts.yaml", "deploy/monitoring/grafana-dashboard.json")) {
            Set<String> read = series(Files.readString(root.resolve(file)));
            assertTrue(read.size() > 5, file + " reads " + read);
            Set<String> missing = read.stream().filter(name -> !exported.contains(name))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of(), missing, file + " reads series no service exports");
        }
    }

    @Test
    void everyAlertLeadsToItsSectionOfTheRunbookAndNamesTheServicesAsTheyRun() throws Exception {
        String alerts = Files.readString(root.resolve("deploy/monitoring/alerts.yaml"));
        Set<String> sections = Files.readString(root.resolve("docs/runbook.md")).lines()
                .filter(line -> line.startsWith("#")).map(OperationsEndToEndTest::anchor).collect(Collectors.toSet());
        long alertCount = alerts.lines().filter(line -> line.trim().startsWith("- alert:")).count();
        List<String> links = new ArrayList<>();
        Matcher link = RUNBOOK.matcher(alerts);
        while (link.find()) {
            links.add(link.group(1));
        }
        assertEquals(alertCount, links.size(), "every alert has a runbook_url");
        assertEquals(List.of(), links.stream().filter(anchor -> !sections.contains(anchor)).toList(),
                "runbook sections the alerts link to");
        Matcher jobs = JOBS.matcher(alerts);
        assertTrue(jobs.find(), "the service-down alert names the jobs");
        assertEquals(new TreeSet<>(services()), new TreeSet<>(List.of(jobs.group(1).split("\\|"))));
    }

    private static List<String> services() {
        List<String> names = new ArrayList<>(LocalStack.SERVICES.stream().map(LocalStack.Service::name).toList());
        names.add(LocalStack.BOARD.name());
        return names;
    }

    private static Set<String> series(String text) {
        Set<String> names = new TreeSet<>();
        Matcher series = SERIES.matcher(text);
        while (series.find()) {
            names.add(series.group(1));
        }
        return names;
    }

    /** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens. */
    private static String anchor(String heading) {
        return heading.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "")
                .replace(' ', '-');
    }
}
