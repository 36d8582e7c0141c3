package city.onetem.stack.bench;

import city.onetem.platform.testing.TestNhsNumbers;
import city.onetem.stack.Demo;
import city.onetem.stack.LocalStack;
import city.onetem.stack.ServiceProcess;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long care-plans takes to rebuild its database from the log (issue 21): a fresh stack (the
 * SPA and care-plans) takes referrals, each made into a plan with its task and care team by
 * care-plans; then care-plans is stopped, its database emptied, and started again with the
 * rebuild on. Prints the rebuild's own figures (from its log) and its start to ready, beside a
 * plain restart's.
 * Run: ./mvnw -q -DskipTests package && java -cp platform/local-stack/target/onetem-local-stack.jar \
 *        city.onetem.stack.bench.RebuildBenchmark [referrals]
 */
public final class RebuildBenchmark {

    private static final Pattern REBUILT = Pattern.compile("Rebuilt care-plans from \\S+ in ([\\d.]+) s: (\\d+) versions"
            + " restored of (\\d+) events read");
    private static final Duration READY = Duration.ofMinutes(30);

    private RebuildBenchmark() {
    }

    public static void main(String[] args) {
        BenchmarkRun.thenExit(RebuildBenchmark::run, args);
    }

    private static void run(String[] args) throws Exception {
        int referrals = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        Path root = LocalStack.findRoot();
        try (LocalStack stack = new LocalStack(root, root.resolve("platform/local-stack/target/bench-rebuild"), false)
                .startInfrastructure()) {
            stack.service("referrals").start().awaitReady(Duration.ofSeconds(120));
            ServiceProcess carePlans = stack.service("care-plans").start();
            carePlans.awaitReady(Duration.ofSeconds(120));
            String referrer = stack.keys().token("bench.referrer", "J82001", "referring-system");
            String spa = stack.keys().token("bench.spa", "R1C", "spa-coordinator");
            String last = null;
            for (int i = 0; i < referrals; i++) {
                last = Demo.idOf(Demo.postReferral(stack.get("referrals").baseUrl(), referrer,
                        Demo.referral(TestNhsNumbers.next())).body());
                Demo.triageAndAccept(stack.get("referrals").baseUrl(), spa, last);
            }
            awaitCaughtUp(stack, last);

            carePlans.stop();
            long started = System.nanoTime();
            carePlans.start().awaitReady(READY);
            double plain = (System.nanoTime() - started) / 1e9;
            double plainCpu = carePlans.cpuTime().toMillis() / 1e3;

            carePlans.stop();
            stack.rebuildCarePlansFromTheLog();
            started = System.nanoTime();
            carePlans.start().awaitReady(READY);
            double rebuilt = (System.nanoTime() - started) / 1e9;
            double rebuiltCpu = carePlans.cpuTime().toMillis() / 1e3;
            Matcher figures = lastMatch(Files.readAllLines(carePlans.log()));
            if (figures == null) {
                throw new IllegalStateException("care-plans did not log its rebuild: " + carePlans.log());
            }
            double seconds = Double.parseDouble(figures.group(1));
            long versions = Long.parseLong(figures.group(2));
            System.out.printf("%d referrals, each triaged and accepted: %s events on careplans.v1, %d versions"
                    + " restored in %.1f s by the rebuild (%.0f versions/s); start to ready with the rebuild %.1f s"
                    + " (care-plans' CPU %.1f s), a plain restart %.1f s (CPU %.1f s)%n", referrals, figures.group(3),
                    versions, seconds, versions / seconds, rebuilt, rebuiltCpu, plain, plainCpu);
        }
    }

    /** Care-plans has applied the last referral's acceptance, and published every version it wrote. */
    private static void awaitCaughtUp(LocalStack stack, String lastReferral) throws Exception {
        while (true) {
            try (Connection database = stack.connect("careplans"); Statement sql = database.createStatement();
                    ResultSet row = sql.executeQuery("select (select count(*) from outbox_event where published_at is null),"
                            + " (select coalesce(max(version), 0) from applied_version where resource_ref like '%ServiceRequest/"
                            + lastReferral + "')")) {
                row.next();
                if (row.getLong(1) == 0 && row.getLong(2) >= 3) {
                    return;
                }
            }
            Thread.sleep(100);
        }
    }

    private static Matcher lastMatch(List<String> lines) {
        Matcher found = null;
        for (String line : lines) {
            Matcher matcher = REBUILT.matcher(line);
            if (matcher.find()) {
                found = matcher;
            }
        }
        return found;
    }
}
