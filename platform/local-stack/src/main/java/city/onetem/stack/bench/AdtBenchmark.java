package city.onetem.stack.bench;

import city.onetem.platform.testing.MllpClient;
import city.onetem.platform.testing.TestNhsNumbers;
import city.onetem.stack.Demo;
import city.onetem.stack.LocalStack;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmarks a hospital's ADT feed on its own fresh local stack (broker, database, discharge and
 * care-plans processes), everything on this machine, over MLLP as a hospital's engine sends it:
 * 1. push: an admission sent over MLLP until the care-plan change reaches a client following that
 *    person's stream (sequential samples), alone and while other messages arrive at each rate asked;
 *    "not sustained" when a push takes over 10 s (care-plans has fallen behind). Each starts once
 *    care-plans has caught up with everything sent before;
 * 2. sustained: each of 8 connections sends a stay's A01 then its A03, each after the last ACK, for
 *    the time asked; messages acknowledged per second, ACK p50/p99, and the CPU each service spent
 *    per message, from the operating system's counts (care-plans may still be catching up);
 * 3. fixed rate: messages offered at each rate asked for (an open loop over 32 connections: a slow
 *    answer does not slow the offer, and each ACK's latency counts from when its message was due);
 * Run: ./mvnw -q -DskipTests package && java -cp platform/local-stack/target/onetem-local-stack.jar \
 *        city.onetem.stack.bench.AdtBenchmark [seconds] [rates] [pushSamples] [warmUp]
 * (defaults: 20 s, 200,500, 200 samples, 2000 messages of warm-up).
 */
public final class AdtBenchmark {

    private static final int CLIENTS = 8;
    private static final int OPEN_LOOP_CONNECTIONS = 32;
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private AdtBenchmark() {
    }

    public static void main(String[] args) {
        BenchmarkRun.thenExit(AdtBenchmark::run, args);
    }

    private static void run(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int[] rates = Arrays.stream((args.length > 1 ? args[1] : "200,500").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int pushSamples = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        Path root = LocalStack.findRoot();
        try (LocalStack stack = new LocalStack(root, root.resolve("platform/local-stack/target/bench-adt"), false)
                .startInfrastructure()) {
            stack.service("discharge").start();
            stack.service("care-plans").start();
            stack.service("referrals").start(); // refers each sampled person, so that their team follows their plan
            stack.get("discharge").awaitReady(Duration.ofSeconds(120));
            stack.get("care-plans").awaitReady(Duration.ofSeconds(120));
            stack.get("referrals").awaitReady(Duration.ofSeconds(120));
            int port = stack.mllpPort("discharge");
            String carePlans = stack.get("care-plans").baseUrl();

            closedLoop(port, Long.MAX_VALUE, warmUp);
            awaitCaughtUp(stack, port);
            push(stack, port, carePlans, pushSamples / 4, 0); // warm-up of the push path
            double[] alone = push(stack, port, carePlans, pushSamples, 0);
            if (alone == null) {
                throw new IllegalStateException("A push took over " + NOT_SUSTAINED.toSeconds() + " s with no other load");
            }
            System.out.printf("ADT^A01 over MLLP -> care-plan change pushed to the person's stream, %d sequential "
                            + "samples: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", alone.length,
                    ReferralBenchmark.percentile(alone, 50), ReferralBenchmark.percentile(alone, 99),
                    alone[alone.length - 1]);
            for (int rate : rates) {
                awaitCaughtUp(stack, port);
                double[] loaded = push(stack, port, carePlans, pushSamples, rate);
                if (loaded == null) {
                    System.out.printf("... while other ADT arrives at %d/s offered: not sustained (a push took over %d s:"
                            + " care-plans fell behind)%n", rate, NOT_SUSTAINED.toSeconds());
                    break;
                }
                System.out.printf("... while other ADT arrives at %d/s offered: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        rate, ReferralBenchmark.percentile(loaded, 50), ReferralBenchmark.percentile(loaded, 99),
                        loaded[loaded.length - 1]);
            }

            awaitCaughtUp(stack, port);
            Duration dischargeCpu = stack.get("discharge").cpuTime();
            Duration carePlansCpu = stack.get("care-plans").cpuTime();
            long started = System.nanoTime();
            double[] acks = closedLoop(port, started + TimeUnit.SECONDS.toNanos(seconds), Long.MAX_VALUE);
            double elapsed = (System.nanoTime() - started) / 1e9;
            Arrays.sort(acks);
            System.out.printf("sustained, %d MLLP connections (A01 then A03 per stay, each after the last ACK): %d "
                            + "messages in %.1f s = %.0f/s; ACK p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", CLIENTS,
                    acks.length, elapsed, acks.length / elapsed, ReferralBenchmark.percentile(acks, 50),
                    ReferralBenchmark.percentile(acks, 99), acks[acks.length - 1]);
            System.out.printf("CPU per message during it: discharge %.2f ms, care-plans %.2f ms (care-plans may still be "
                            + "catching up)%n",
                    stack.get("discharge").cpuTime().minus(dischargeCpu).toNanos() / 1e6 / acks.length,
                    stack.get("care-plans").cpuTime().minus(carePlansCpu).toNanos() / 1e6 / acks.length);

            for (int rate : rates) {
                double[] fixed = openLoop(port, rate, seconds);
                Arrays.sort(fixed);
                System.out.printf("fixed rate %d/s offered for %d s: %d acknowledged; ACK p50 %.1f ms, p99 %.1f ms, "
                                + "max %.1f ms (from when each was due)%n", rate, seconds, fixed.length,
                        ReferralBenchmark.percentile(fixed, 50), ReferralBenchmark.percentile(fixed, 99),
                        fixed[fixed.length - 1]);
            }

        }
    }

    /**
     * Waits until care-plans has applied everything sent so far: a new person's admission, sent
     * last, is on their plan (one person's events keep their order, and other people's partitions
     * are read alongside: a few seconds more at most).
     */
    private static void awaitCaughtUp(LocalStack stack, int port) throws Exception {
        String[] marker = stay();
        String nhs = nhsOf(marker[0]);
        try (MllpClient client = new MllpClient("localhost", port)) {
            accepted(client.send(marker[0]));
        }
        long started = System.nanoTime();
        // Read where it is stored: a plan started by a hospital stay alone is held by no team, so no team reads it.
        long deadline = started + Duration.ofMinutes(10).toNanos();
        try (java.sql.Connection db = stack.connect("careplans");
                java.sql.PreparedStatement plan = db.prepareStatement(
                        "select 1 from care_plan where nhs_number = ? and resource like '%since%'")) {
            plan.setString(1, nhs);
            while (!plan.executeQuery().next()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("care-plans did not catch up within 10 minutes");
                }
                Thread.sleep(100);
            }
        }
        System.out.printf("(care-plans caught up in %.1f s)%n", (System.nanoTime() - started) / 1e9);
    }

    /** A stay's two messages, for a new person. */
    private static String[] stay() {
        String nhs = TestNhsNumbers.next();
        String visit = "B" + System.nanoTime();
        ZonedDateTime admitted = ZonedDateTime.now(LONDON).minusDays(3).withSecond(0).withNano(0);
        return new String[] {Demo.adt("A01", nhs, visit, admitted, null),
            Demo.adt("A03", nhs, visit, admitted, admitted.plusDays(2))};
    }

    /**
     * Stays sent over {@link #CLIENTS} connections until the deadline (System.nanoTime) or until that
     * many messages were sent; returns each ACK's latency in ms.
     */
    private static double[] closedLoop(int port, long deadline, long messages) throws Exception {
        AtomicLong remaining = new AtomicLong(messages);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Double>>> workers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            workers.add(pool.submit(() -> {
                List<Double> latencies = new ArrayList<>();
                try (MllpClient client = new MllpClient("localhost", port)) {
                    while (System.nanoTime() < deadline && remaining.addAndGet(-2) >= 0) {
                        for (String message : stay()) {
                            long sent = System.nanoTime();
                            accepted(client.send(message));
                            latencies.add((System.nanoTime() - sent) / 1e6);
                        }
                    }
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

    /** Messages due at a fixed rate over a pool of connections; each latency from when it was due. */
    private static double[] openLoop(int port, int rate, int seconds) throws Exception {
        BlockingQueue<MllpClient> idle = new ArrayBlockingQueue<>(OPEN_LOOP_CONNECTIONS);
        for (int i = 0; i < OPEN_LOOP_CONNECTIONS; i++) {
            idle.add(new MllpClient("localhost", port));
        }
        ExecutorService senders = Executors.newFixedThreadPool(OPEN_LOOP_CONNECTIONS);
        List<Future<Double>> answers = new ArrayList<>();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        String[] pending = null;
        for (long n = 0; n < (long) rate * seconds; n++) {
            long due = start + n * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (pending == null) {
                pending = stay();
            }
            String message = n % 2 == 0 ? pending[0] : pending[1];
            if (n % 2 == 1) {
                pending = null;
            }
            answers.add(senders.submit(() -> {
                MllpClient client = idle.take();
                try {
                    accepted(client.send(message));
                    return (System.nanoTime() - due) / 1e6;
                } finally {
                    idle.add(client);
                }
            }));
        }
        double[] latencies = new double[answers.size()];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = answers.get(i).get();
        }
        senders.shutdown();
        for (MllpClient client : idle) {
            client.close();
        }
        return latencies;
    }

    /** A push that takes longer than this means the rate is not sustained: care-plans is falling behind. */
    private static final Duration NOT_SUSTAINED = Duration.ofSeconds(10);

    /**
     * Admission to push, per sample: the person's stream opened first, then their A01 sent.
     * Returns the sorted latencies, or null when a push took over {@link #NOT_SUSTAINED}.
     */
    private static double[] push(LocalStack stack, int port, String carePlans, int samples, int backgroundRate)
            throws Exception {
        String referrer = stack.keys().token("bench.referrer", "J82001", "referring-system");
        AtomicBoolean loading = new AtomicBoolean(backgroundRate > 0);
        Thread background = new Thread(() -> {
            try {
                while (loading.get()) {
                    openLoop(port, backgroundRate, 1);
                }
            } catch (Exception e) {
                if (loading.get()) {
                    throw new IllegalStateException(e);
                }
            }
        }, "adt-background");
        if (backgroundRate > 0) {
            background.start();
        }
        double[] millis = new double[samples];
        HttpClient http = HttpClient.newHttpClient();
        try (MllpClient client = new MllpClient("localhost", port)) {
            for (int i = 0; i < samples; i++) {
                String[] stay = stay();
                String nhs = nhsOf(stay[0]);
                String token = stack.keys().member("bench.nurse." + backgroundRate + "." + i, "R1C", "central",
                        "community-nurse");
                Demo.referToCentralTeam(stack, referrer, token, nhs); // their team follows their plan
                try (PersonPlanStream plan = PersonPlanStream.follow(http, carePlans, token, nhs)) {
                    long sent = System.nanoTime();
                    accepted(client.send(stay[0]));
                    if (!plan.pushes("since", sent, NOT_SUSTAINED)) {
                        return null;
                    }
                    millis[i] = (System.nanoTime() - sent) / 1e6;
                }
            }
        } finally {
            loading.set(false);
            if (backgroundRate > 0) {
                background.join();
            }
        }
        Arrays.sort(millis);
        return millis;
    }

    /** The NHS number in a message {@link Demo#adt} made (the PID-3 repetition of authority NHS). */
    private static String nhsOf(String message) {
        return message.replaceAll("(?s).*~(\\d{10})\\^\\^\\^NHS.*", "$1");
    }

    private static void accepted(String ack) {
        if (!ack.contains("\rMSA|AA|")) {
            throw new IllegalStateException("Not accepted: " + ack);
        }
    }
}
