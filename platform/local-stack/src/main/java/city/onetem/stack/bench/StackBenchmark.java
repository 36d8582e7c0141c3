package city.onetem.stack.bench;

import city.onetem.platform.testing.TestNhsNumbers;
import city.onetem.stack.Demo;
import city.onetem.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The whole local stack as run.sh starts it, after the build: seconds from the start until all
 * four services are ready, and the memory resident in all its processes (this JVM, which hosts
 * the broker as the launcher does; PostgreSQL; the four service JVMs), at ready and after
 * referrals have flowed through to care plans. Each run is a fresh stack.
 * Run: ./mvnw -q -DskipTests package && java -cp platform/local-stack/target/onetem-local-stack.jar \
 *        city.onetem.stack.bench.StackBenchmark [runs] [referrals]
 */
public final class StackBenchmark {

    private StackBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int referrals = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path root = LocalStack.findRoot();
        for (int run = 1; run <= runs; run++) {
            long started = System.nanoTime();
            try (LocalStack stack = new LocalStack(root, root.resolve("platform/local-stack/target/bench-stack"), false)
                    .startInfrastructure()) {
                stack.startAllServices(Duration.ofSeconds(120));
                double ready = (System.nanoTime() - started) / 1e9;
                List<Long> postgres = postgresProcesses(stack);
                String atReady = memory(postgres);
                String referrer = stack.keys().token("bench.referrer", "J82001", "referring-system");
                String careTeam = stack.keys().member("bench.nurse", "R1C", "central", "community-nurse");
                String last = null;
                String lastPerson = null;
                for (int i = 0; i < referrals; i++) {
                    lastPerson = TestNhsNumbers.next();
                    last = Demo.idOf(Demo.postReferral(stack.get("referrals").baseUrl(), referrer,
                            Demo.referral(lastPerson)).body());
                }
                while (!Demo.carePlanShows(stack.get("care-plans").baseUrl(), careTeam, lastPerson, last)) {
                    Thread.sleep(20);
                }
                System.out.printf("run %d: all four services ready %.1f s after the start; memory at ready: %s; after %d "
                        + "referrals reached their care plans: %s%n", run, ready, atReady, referrals, memory(postgresProcesses(stack)));
            }
        }
    }

    /**
     * The memory of this JVM and every process it started (PostgreSQL, the services), in MiB:
     * proportional (PSS: pages shared between processes, such as PostgreSQL's shared buffers,
     * counted once in all) and the plain sum of resident sets (RSS, which counts them in each).
     */
    private static String memory(List<Long> postgres) throws IOException {
        List<Long> pids = new ArrayList<>(postgres);
        pids.add(ProcessHandle.current().pid());
        try (Stream<ProcessHandle> children = ProcessHandle.current().descendants()) {
            children.forEach(child -> pids.add(child.pid()));
        }
        long pss = 0;
        long rss = 0;
        for (long pid : pids) {
            Path rollup = Path.of("/proc", Long.toString(pid), "smaps_rollup");
            if (!Files.isReadable(rollup)) {
                continue;
            }
            for (String line : Files.readAllLines(rollup)) {
                if (line.startsWith("Pss:")) {
                    pss += kib(line);
                } else if (line.startsWith("Rss:")) {
                    rss += kib(line);
                }
            }
        }
        return String.format("%d MiB proportional (%d MiB summed resident) in %d processes", pss / 1024, rss / 1024,
                pids.size());
    }

    /**
     * PostgreSQL's processes, found from the data directory the server reports.
     */
    private static List<Long> postgresProcesses(LocalStack stack) throws Exception {
        String dataDirectory;
        try (var connection = stack.connect("postgres"); var query = connection.createStatement();
                var result = query.executeQuery("show data_directory")) {
            result.next();
            dataDirectory = result.getString(1);
        }
        return PostgresProcesses.of(Path.of(dataDirectory));
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
