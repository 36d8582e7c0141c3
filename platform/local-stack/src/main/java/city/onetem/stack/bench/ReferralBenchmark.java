package city.onetem.stack.bench;

import city.onetem.platform.testing.TestNhsNumbers;
import city.onetem.stack.Demo;
import city.onetem.stack.LocalStack;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmarks the referral path on its own fresh local stack (broker, database, referrals and
 * care-plans processes), everything on this machine:
 * 1. latency: a referral posted to the SPA until a client polling the care-plan search sees it
 *    (sequential, after a warm-up; the 2 ms poll interval is included in the figure);
 * 2. intake: referrals accepted (201) per second by the SPA with 8 concurrent clients.
 * Run: ./mvnw -q -DskipTests package && java -cp platform/local-stack/target/onetem-local-stack.jar \
 *        city.onetem.stack.bench.ReferralBenchmark [latencySamples] [intakeSeconds]
 */
public final class ReferralBenchmark {

    private ReferralBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int intakeSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path root = LocalStack.findRoot();
        try (LocalStack stack = new LocalStack(root, root.resolve("platform/local-stack/target/bench"), false)
                .startInfrastructure()) {
            stack.service("referrals").start();
            stack.service("care-plans").start();
            stack.get("referrals").awaitReady(Duration.ofSeconds(120));
            stack.get("care-plans").awaitReady(Duration.ofSeconds(120));
            String referrer = stack.keys().token("bench.referrer", "J82001", "referrer");
            String careTeam = stack.keys().token("bench.nurse", "R1C", "care-team");
            String referrals = stack.get("referrals").baseUrl();
            String carePlans = stack.get("care-plans").baseUrl();

            latency(referrals, carePlans, referrer, careTeam, 50);
            double[] millis = latency(referrals, carePlans, referrer, careTeam, samples);
            Arrays.sort(millis);
            System.out.printf("referral posted -> visible on the care plan, %d sequential samples: "
                            + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", samples,
                    percentile(millis, 50), percentile(millis, 90), percentile(millis, 99), millis[millis.length - 1]);

            long accepted = intake(referrals, referrer, 8, intakeSeconds);
            System.out.printf("intake: %d referrals in %d s with 8 clients = %.0f referrals/s%n", accepted,
                    intakeSeconds, accepted / (double) intakeSeconds);
        }
    }

    private static double[] latency(String referrals, String carePlans, String referrer, String careTeam, int n)
            throws Exception {
        double[] millis = new double[n];
        for (int i = 0; i < n; i++) {
            String nhsNumber = TestNhsNumbers.next();
            long start = System.nanoTime();
            HttpResponse<String> created = Demo.postReferral(referrals, referrer, Demo.referral(nhsNumber));
            if (created.statusCode() != 201) {
                throw new IllegalStateException("Referral refused: " + created.body());
            }
            String id = Demo.idOf(created.body());
            while (!Demo.carePlans(carePlans, careTeam, nhsNumber).contains(id)) {
                Thread.sleep(2);
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static long intake(String referrals, String referrer, int clients, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong accepted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                while (running.get()) {
                    if (Demo.postReferral(referrals, referrer, Demo.referral(TestNhsNumbers.next())).statusCode() == 201) {
                        accepted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return accepted.get();
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
