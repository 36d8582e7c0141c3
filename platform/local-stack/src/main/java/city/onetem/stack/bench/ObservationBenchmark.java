package city.onetem.stack.bench;

import city.onetem.platform.testing.MonitoringKit;
import city.onetem.platform.testing.TestNhsNumbers;
import city.onetem.stack.Demo;
import city.onetem.stack.LocalStack;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Benchmarks remote monitoring on its own fresh local stack (broker, database, virtual-ward and
 * care-plans processes), everything on this machine, as monitoring kit sends readings: a set of
 * the seven NEWS2 readings per transaction Bundle, for many people on the wards.
 * 1. escalation: a high-risk set posted for a person whose plan stream a client follows, from the
 *    Bundle's 2xx until the escalation reaches that stream (sequential samples), alone and while
 *    other people's sets arrive at the rate asked (observations/s offered);
 * 2. sustained: 8 clients, each posting sets for its people, each after the last answer, for the
 *    time asked: observations recorded per second (7 a set, each set scored), answer p50/p99, and
 *    the CPU each service spent per observation.
 * Run: ./mvnw -q -DskipTests package && java -cp platform/local-stack/target/onetem-local-stack.jar \
 *        city.onetem.stack.bench.ObservationBenchmark [seconds] [rate] [samples] [people]
 * (defaults: 20 s, 500 observations/s, 100 samples, 200 people).
 */
public final class ObservationBenchmark {

    private static final int CLIENTS = 8;
    private static final int READINGS_PER_SET = 7;

    private ObservationBenchmark() {
    }

    public static void main(String[] args) {
        BenchmarkRun.thenExit(ObservationBenchmark::run, args);
    }

    private static void run(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int people = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        Path root = LocalStack.findRoot();
        try (LocalStack stack = new LocalStack(root, root.resolve("platform/local-stack/target/bench-ward"), false)
                .startInfrastructure()) {
            // Beds enough for the benchmark's people on one ward: capacity is not what is measured.
            stack.service("virtual-ward").with("onetem.virtual-ward.wards.respiratory.beds", "1000000").start();
            stack.service("care-plans").start();
            stack.service("referrals").start(); // refers each sampled person, so that their team follows their plan
            stack.get("virtual-ward").awaitReady(Duration.ofSeconds(120));
            stack.get("care-plans").awaitReady(Duration.ofSeconds(120));
            stack.get("referrals").awaitReady(Duration.ofSeconds(120));
            String ward = stack.get("virtual-ward").baseUrl();
            String carePlans = stack.get("care-plans").baseUrl();
            String clinician = stack.keys().token("bench.clinician", "R1C", "virtual-ward-clinician");
            HttpClient http = HttpClient.newHttpClient();
            List<String> onTheWard = new ArrayList<>();
            for (int i = 0; i < people; i++) {
                onTheWard.add(admit(ward, clinician));
            }
            closedLoop(ward, clinician, onTheWard, System.nanoTime() + TimeUnit.SECONDS.toNanos(10)); // warm-up

            escalations(stack, http, ward, carePlans, clinician, samples / 4, 0, onTheWard); // warm-up of the path
            double[] alone = escalations(stack, http, ward, carePlans, clinician, samples, 0, onTheWard);
            System.out.printf("high-risk set -> escalation on the person's plan stream, %d sequential samples: p50 %.1f ms,"
                    + " p99 %.1f ms, max %.1f ms%n", alone.length, ReferralBenchmark.percentile(alone, 50),
                    ReferralBenchmark.percentile(alone, 99), alone[alone.length - 1]);
            double[] loaded = escalations(stack, http, ward, carePlans, clinician, samples, rate, onTheWard);
            if (loaded == null) {
                System.out.printf("... while others' sets arrive at %d observations/s offered: not sustained (an "
                        + "escalation took over %d s)%n", rate, NOT_SUSTAINED.toSeconds());
            } else {
                System.out.printf("... while others' sets arrive at %d observations/s offered: p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms%n", rate, ReferralBenchmark.percentile(loaded, 50),
                        ReferralBenchmark.percentile(loaded, 99), loaded[loaded.length - 1]);
            }

            Duration wardCpu = stack.get("virtual-ward").cpuTime();
            Duration carePlansCpu = stack.get("care-plans").cpuTime();
            long started = System.nanoTime();
            double[] answers = closedLoop(ward, clinician, onTheWard, started + TimeUnit.SECONDS.toNanos(seconds));
            double elapsed = (System.nanoTime() - started) / 1e9;
            Arrays.sort(answers);
            long observations = (long) answers.length * READINGS_PER_SET;
            System.out.printf("sustained, %d clients (a set of %d readings per transaction, each after the last answer):"
                    + " %d observations in %.1f s = %.0f/s; answer p50 %.1f ms, p99 %.1f ms%n", CLIENTS,
                    READINGS_PER_SET, observations, elapsed, observations / elapsed,
                    ReferralBenchmark.percentile(answers, 50), ReferralBenchmark.percentile(answers, 99));
            System.out.printf("CPU per observation during it: virtual-ward %.2f ms, care-plans %.2f ms%n",
                    stack.get("virtual-ward").cpuTime().minus(wardCpu).toNanos() / 1e6 / observations,
                    stack.get("care-plans").cpuTime().minus(carePlansCpu).toNanos() / 1e6 / observations);
        }
    }

    private static String admit(String ward, String clinician) throws Exception {
        String nhs = TestNhsNumbers.next();
        Demo.post(ward + "/fhir/EpisodeOfCare", clinician, """
                {"resourceType":"EpisodeOfCare","status":"active",
                 "extension":[{"url":"https://onetem.city/fhir/StructureDefinition/virtual-ward-route","valueCode":"step-up"}],
                 "type":[{"coding":[{"system":"https://onetem.city/CodeSystem/virtual-ward","code":"respiratory"}]}],
                 "patient":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "careManager":{"display":"Dr Bench"}}""".formatted(nhs));
        return nhs;
    }

    /** A calm set (NEWS2 0) for this person, taken now. */
    private static String calmSet(String nhs) {
        return MonitoringKit.bundle("transaction", MonitoringKit.readings(nhs, Instant.now().toString(), 16, 97, false,
                120, 70, MonitoringKit.ALERT, "37.0"));
    }

    /** Sets for the people on the ward from {@link #CLIENTS} clients until the deadline; each answer's latency in ms. */
    private static double[] closedLoop(String ward, String clinician, List<String> people,
            long deadline) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Double>>> workers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            workers.add(pool.submit(() -> {
                List<Double> latencies = new ArrayList<>();
                for (int n = client; System.nanoTime() < deadline; n += CLIENTS) {
                    long sent = System.nanoTime();
                    Demo.post(ward + "/fhir", clinician, calmSet(people.get(n % people.size())));
                    latencies.add((System.nanoTime() - sent) / 1e6);
                }
                return latencies;
            }));
        }
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> worker : workers) {
            all.addAll(worker.get());
        }
        pool.shutdown();
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** An escalation that takes longer than this to reach the stream means the rate is not sustained. */
    private static final Duration NOT_SUSTAINED = Duration.ofSeconds(10);

    /**
     * Per sample: a newly admitted person's plan stream followed, then a high-risk set posted for
     * them; from its 2xx until the escalation reaches the stream. Sorted latencies, or null when one
     * took over {@link #NOT_SUSTAINED}.
     */
    private static double[] escalations(LocalStack stack, HttpClient http, String ward, String carePlans,
            String clinician, int samples, int observationsPerSecond, List<String> others) throws Exception {
        String referrer = stack.keys().token("bench.referrer", "J82001", "referring-system");
        AtomicBoolean loading = new AtomicBoolean(observationsPerSecond > 0);
        Thread background = new Thread(() -> {
            long interval = 1_000_000_000L * READINGS_PER_SET / Math.max(1, observationsPerSecond);
            ExecutorService senders = Executors.newFixedThreadPool(32);
            long next = System.nanoTime();
            while (loading.get()) {
                String nhs = others.get(ThreadLocalRandom.current().nextInt(others.size()));
                senders.submit(() -> {
                    Demo.post(ward + "/fhir", clinician, calmSet(nhs));
                    return null;
                });
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
            }
            senders.shutdown();
        }, "ward-background");
        if (observationsPerSecond > 0) {
            background.start();
        }
        double[] millis = new double[samples];
        try {
            for (int i = 0; i < samples; i++) {
                String nhs = admit(ward, clinician);
                String token = stack.keys().member("bench.nurse." + observationsPerSecond + "." + i, "R1C", "central",
                        "community-nurse");
                Demo.referToCentralTeam(stack, referrer, token, nhs); // their team follows their plan
                try (PersonPlanStream plan = PersonPlanStream.follow(http, carePlans, token, nhs)) {
                    Demo.post(ward + "/fhir", clinician, MonitoringKit.bundle("transaction", MonitoringKit.readings(nhs,
                            Instant.now().toString(), 25, 91, true, 90, 131, MonitoringKit.ALERT, "39.1")));
                    long answered = System.nanoTime();
                    if (!plan.pushes("Urgent: NEWS2", answered, NOT_SUSTAINED)) {
                        return null;
                    }
                    millis[i] = (System.nanoTime() - answered) / 1e6;
                }
            }
        } finally {
            loading.set(false);
            if (observationsPerSecond > 0) {
                background.join();
            }
        }
        Arrays.sort(millis);
        return millis;
    }
}
