package city.onetem.stack.bench;

import city.onetem.platform.testing.TestNhsNumbers;
import city.onetem.stack.Demo;
import city.onetem.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Benchmarks the referral path on its own fresh local stack (broker, database, referrals and
 * care-plans processes), everything on this machine:
 * 1. latency: a referral posted to the SPA until a client polling the care-plan search sees it
 *    (sequential, after a warm-up; the 2 ms poll interval is included in the figure);
 * 2. push: a referral accepted in the SPA ($accept sent) until the care-plan change arrives at a
 *    client subscribed to the central cluster's Server-Sent Event stream (sequential), then again
 *    while other referrals are offered at each fixed rate asked for;
 * 3. intake: referrals accepted (201) per second by the SPA with 8 concurrent clients, and the CPU
 *    each service spent per referral; then the same for BaRS messages from NHS 111 with the whole bundle.
 * Run: ./mvnw -q -DskipTests package && java -cp platform/local-stack/target/onetem-local-stack.jar \
 *        city.onetem.stack.bench.ReferralBenchmark [latencySamples] [intakeSeconds] [warmUp] [rates]
 * (warm-up: referrals before the latency samples, half as many before the push samples; default 50;
 * rates: e.g. 100,250 measures the push again while other referrals are offered at each rate).
 * The services run with the local stack's C1-only JVM unless -Donetem.service.jvm-options says otherwise.
 */
public final class ReferralBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ReferralBenchmark() {
    }

    public static void main(String[] args) {
        BenchmarkRun.thenExit(ReferralBenchmark::run, args);
    }

    private static void run(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int intakeSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int[] backgroundRates = args.length > 3
                ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray() : new int[0];
        Path root = LocalStack.findRoot();
        try (LocalStack stack = new LocalStack(root, root.resolve("platform/local-stack/target/bench"), false)
                .startInfrastructure()) {
            stack.service("referrals").start();
            stack.service("care-plans").start();
            stack.get("referrals").awaitReady(Duration.ofSeconds(120));
            stack.get("care-plans").awaitReady(Duration.ofSeconds(120));
            String referrer = stack.keys().token("bench.referrer", "J82001", "referring-system");
            String careTeam = stack.keys().member("bench.nurse", "R1C", "central", "community-nurse");
            String referrals = stack.get("referrals").baseUrl();
            String carePlans = stack.get("care-plans").baseUrl();

            latency(referrals, carePlans, referrer, careTeam, warmUp);
            double[] millis = latency(referrals, carePlans, referrer, careTeam, samples);
            Arrays.sort(millis);
            System.out.printf("referral posted -> visible on the care plan, %d sequential samples: "
                            + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", samples,
                    percentile(millis, 50), percentile(millis, 90), percentile(millis, 99), millis[millis.length - 1]);

            String spa = stack.keys().token("bench.spa", "R1C", "spa-coordinator");
            BlockingQueue<String> pushed = subscribe(carePlans + "/fhir/CarePlan/_stream?cluster=central", careTeam);
            acceptToPush(referrals, referrer, spa, pushed, Math.max(20, warmUp / 2));
            double[] push = acceptToPush(referrals, referrer, spa, pushed, samples);
            Arrays.sort(push);
            System.out.printf("referral accepted in the SPA -> care-plan change pushed to a subscribed client, %d "
                            + "sequential samples: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", samples,
                    percentile(push, 50), percentile(push, 90), percentile(push, 99), push[push.length - 1]);

            for (int rate : backgroundRates) {
                Background load = Background.start(referrals, referrer, rate);
                double[] loaded = acceptToPush(referrals, referrer, spa, pushed, samples);
                double achieved = load.stop();
                Arrays.sort(loaded);
                System.out.printf("referral accepted -> change pushed, %d samples while other referrals arrive at "
                                + "%d/s offered (%.0f/s taken): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        samples, rate, achieved, percentile(loaded, 50), percentile(loaded, 90),
                        percentile(loaded, 99), loaded[loaded.length - 1]);
            }

            intakeWithCpu(stack, "referrals", intakeSeconds, () -> Demo.postReferral(referrals, referrer,
                    Demo.referral(TestNhsNumbers.next())).statusCode() == 201);
            // A BaRS message from NHS 111 with the whole bundle (Patient, Encounter, triage CarePlan,
            // answers, flags, consent, carer, practitioners, locations), as the tests send it.
            String barsMessage = Files.readString(root.resolve(BARS_MESSAGE));
            String nhs111 = stack.keys().token("bench.nhs111", "NHS111", "referring-system");
            intakeWithCpu(stack, "BaRS messages", intakeSeconds, () -> postMessage(referrals, nhs111, barsMessage
                    .replace("{{MESSAGE_ID}}", UUID.randomUUID().toString())
                    .replace("{{CASE_ID}}", UUID.randomUUID().toString())
                    .replace("{{NHS}}", TestNhsNumbers.next())));
        }
    }

    /** The BaRS referral the tests send, read from the repository (a test resource of the SPA). */
    static final String BARS_MESSAGE = "services/referrals/src/test/resources/bars/new-referral-111.json";

    /** Sends one referral; true when the SPA took it. */
    interface Referral {
        boolean send() throws Exception;
    }

    /** Intake with 8 clients, and the CPU each service spent per referral taken, from the OS's counts. */
    private static void intakeWithCpu(LocalStack stack, String what, int seconds, Referral referral) throws Exception {
        Duration spaCpu = stack.get("referrals").cpuTime();
        Duration carePlansCpu = stack.get("care-plans").cpuTime();
        long accepted = intake(referral, 8, seconds);
        System.out.printf("intake (%s): %d in %d s with 8 clients = %.0f/s%n", what, accepted, seconds,
                accepted / (double) seconds);
        // CPU per referral varies far less from run to run than the rate does on a shared machine.
        System.out.printf("CPU per referral during intake (%s): referrals %.2f ms, care-plans %.2f ms (care-plans "
                        + "may still be catching up when intake stops)%n", what,
                stack.get("referrals").cpuTime().minus(spaCpu).toNanos() / 1e6 / accepted,
                stack.get("care-plans").cpuTime().minus(carePlansCpu).toNanos() / 1e6 / accepted);
    }

    private static boolean postMessage(String referrals, String token, String message) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(referrals + "/fhir/$process-message"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
                .header("X-Request-ID", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(message)).build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 && answer.body().contains("\"ok\"");
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
            while (!Demo.carePlanShows(carePlans, careTeam, nhsNumber, id)) {
                Thread.sleep(2);
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    static double[] acceptToPush(String referrals, String referrer, String spa, BlockingQueue<String> pushed,
            int n) throws Exception {
        double[] millis = new double[n];
        for (int i = 0; i < n; i++) {
            HttpResponse<String> created = Demo.postReferral(referrals, referrer, Demo.referral(TestNhsNumbers.next()));
            String id = Demo.idOf(created.body());
            Demo.operate(referrals, spa, id, "$triage",
                    "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"priority\",\"valueCode\":\"routine\"}]}");
            pushed.clear();
            long start = System.nanoTime();
            Demo.operate(referrals, spa, id, "$accept", "{\"resourceType\":\"Parameters\"}");
            while (true) {
                String data = pushed.poll(10, TimeUnit.SECONDS);
                if (data == null) {
                    throw new IllegalStateException("No push for accepted referral " + id);
                }
                if (data.contains(id) && data.contains("accepted by")) {
                    break;
                }
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    /** Follows a Server-Sent Event stream; each event's data arrives on the queue. */
    static BlockingQueue<String> subscribe(String url, String token) throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Subscribing answered " + response.statusCode());
        }
        Thread reader = new Thread(() -> {
            try {
                response.body().filter(line -> line.startsWith("data:")).forEach(line -> events.add(line.substring(5)));
            } catch (java.io.UncheckedIOException closed) {
                // the stack is shutting down at the end of the run
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    static long intake(Referral referral, int clients, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong accepted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                while (running.get()) {
                    if (referral.send()) {
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

    static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /**
     * Referrals offered at a fixed rate whatever the answers take (an open loop: a slow system
     * does not slow the offer down), from enough threads that sending never waits on one answer.
     */
    static final class Background {

        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        private final ExecutorService senders = Executors.newFixedThreadPool(64);
        private final AtomicLong taken = new AtomicLong();
        private final long started = System.nanoTime();

        static Background start(String referrals, String referrer, int perSecond) {
            Background load = new Background();
            load.clock.scheduleAtFixedRate(() -> load.senders.submit(() -> {
                if (Demo.postReferral(referrals, referrer, Demo.referral(TestNhsNumbers.next())).statusCode() == 201) {
                    load.taken.incrementAndGet();
                }
                return null;
            }), 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
            return load;
        }

        /** Stops offering, lets what was sent finish, and returns the rate referrals were taken at. */
        double stop() throws InterruptedException {
            clock.shutdownNow();
            double seconds = (System.nanoTime() - started) / 1e9;
            senders.shutdown();
            senders.awaitTermination(60, TimeUnit.SECONDS);
            return taken.get() / seconds;
        }
    }
}
