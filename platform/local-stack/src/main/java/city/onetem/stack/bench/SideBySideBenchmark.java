package city.onetem.stack.bench;

import city.onetem.platform.testing.TestNhsNumbers;
import city.onetem.stack.Demo;
import city.onetem.stack.LocalStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The whole system as a user runs it (each commit's own launcher, as ./run.sh starts it: broker,
 * PostgreSQL, four services), measured for a named baseline commit and for this working tree,
 * one after the other on this machine, and printed side by side with the ratio:
 * start to ready; idle CPU (every process of the stack, no requests); intake with 8 clients and
 * the whole system's CPU per referral (services, broker and database, from the operating
 * system's counts, until care-plans has applied every referral; also less the idle stack's CPU
 * over that window, which a run where care-plans falls behind pays for longer); and referral accepted ->
 * care-plan change pushed to a subscribed client, p50/p99, while other referrals are offered at
 * each fixed rate.
 *
 * <p>Run (the baseline is checked out and built under target/side-by-side the first time):
 * <pre>
 * ./mvnw -q -DskipTests package
 * java -cp platform/local-stack/target/onetem-local-stack.jar city.onetem.stack.bench.SideBySideBenchmark \
 *     BASELINE_COMMIT|none [intakeSeconds=20] [rates=100,250,500] [warmUp=3000] [rounds=1]
 * </pre>
 * The warm-up (that many referrals from 8 clients, then until the JIT's compiling has quietened)
 * lets the services run the code they would run after hours in service.
 * With rounds above 1 the order alternates (baseline first, then this tree first, ...), so drift
 * in the machine's speed during a sitting falls on both. The load generator (this JVM) shares the
 * machine and is not counted. For profiling, -Dbench.launcher-jvm-options and
 * -Donetem.service.jvm-options reach this tree's launcher and services through run.sh
 * (a baseline from before run.sh took them ignores them: compare figures measured without).
 */
public final class SideBySideBenchmark {

    private static final int CLIENTS = 8;
    /** Pushes timed at each rate; -Dbench.push-samples=1000 makes the p99 the 10th longest, not the 2nd. */
    private static final int PUSH_SAMPLES = Integer.getInteger("bench.push-samples", 200);
    private static final Duration IDLE = Duration.ofSeconds(30);

    private SideBySideBenchmark() {
    }

    /** What one run of one commit's stack measured. */
    record Result(double readySeconds, Map<String, Double> idleCores, double intakePerSecond,
            Map<String, Double> cpuMsPerReferral, double windowSecondsPerReferral, Map<Integer, double[]> pushAtRate,
            Map<Integer, Double> takenAtRate) {

        double idleTotal() {
            return idleCores.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        double cpuTotal() {
            return cpuMsPerReferral.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /**
         * CPU per referral less what the stack burns with nothing to do over the same window: a
         * run where care-plans falls behind otherwise also pays the idle stack until it catches up.
         */
        double cpuAboveIdle() {
            return cpuTotal() - idleTotal() * windowSecondsPerReferral * 1000;
        }
    }

    public static void main(String[] args) {
        BenchmarkRun.thenExit(SideBySideBenchmark::run, args);
    }

    private static void run(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("Usage: SideBySideBenchmark BASELINE_COMMIT [intakeSeconds] [rates] [warmUp] [rounds]");
            System.exit(2);
        }
        String baselineRev = args[0];
        int intakeSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int[] rates = Arrays.stream((args.length > 2 ? args[2] : "100,250,500").split(","))
                .filter(rate -> !rate.isBlank()).mapToInt(Integer::parseInt).toArray();
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        Path current = LocalStack.findRoot();
        // "none": this tree alone (to profile it).
        Path baseline = baselineRev.equals("none") ? null : CommitTree.checkedOutAndBuilt(current, baselineRev);

        List<Result> before = new ArrayList<>();
        List<Result> after = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            boolean baselineFirst = round % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean isBaseline = (turn == 0) == baselineFirst;
                if (isBaseline && baseline == null) {
                    continue;
                }
                String label = isBaseline ? "baseline " + baselineRev : "this tree";
                System.out.printf("%n== round %d: %s ==%n", round + 1, label);
                Result result = measure(isBaseline ? baseline : current, intakeSeconds, rates, warmUp);
                print(label, result);
                (isBaseline ? before : after).add(result);
            }
        }
        if (baseline != null) {
            compare(baselineRev, before, after, rates);
        }
    }

    private static Result measure(Path tree, int intakeSeconds, int[] rates, int warmUp) throws Exception {
        try (RunningStack stack = RunningStack.start(tree)) {
            String referrals = "http://localhost:8081";
            String carePlans = "http://localhost:8082";
            String referrer = stack.token("referrer");
            String spa = stack.token("spa");
            String careTeam = stack.token("care-team");

            postReferrals(referrals, referrer, warmUp);
            stack.awaitCaughtUp(referrals, carePlans, referrer, careTeam);

            Map<String, Double> before = stack.cpuMillis();
            long started = System.nanoTime();
            long accepted = ReferralBenchmark.intake(() -> Demo.postReferral(referrals, referrer,
                    Demo.referral(TestNhsNumbers.next())).statusCode() == 201, CLIENTS, intakeSeconds);
            stack.awaitCaughtUp(referrals, carePlans, referrer, careTeam);
            Map<String, Double> perReferral = perUnit(before, stack.cpuMillis(), accepted + 1);
            double window = (System.nanoTime() - started) / 1e9;
            double intakeRate = accepted / (double) intakeSeconds;
            System.out.printf("  intake %.0f/s; whole system caught up %.1f s after intake began%n", intakeRate, window);

            BlockingQueue<String> pushed = ReferralBenchmark.subscribe(carePlans + "/fhir/CarePlan/_stream?cluster=central",
                    careTeam);
            ReferralBenchmark.acceptToPush(referrals, referrer, spa, pushed, 20);
            Map<Integer, double[]> push = new LinkedHashMap<>();
            Map<Integer, Double> taken = new LinkedHashMap<>();
            for (int rate : rates) {
                ReferralBenchmark.Background load = ReferralBenchmark.Background.start(referrals, referrer, rate);
                Thread.sleep(3_000);
                double[] millis = new double[PUSH_SAMPLES];
                boolean sustained = true;
                for (int i = 0; i < PUSH_SAMPLES && sustained; i++) {
                    try {
                        millis[i] = ReferralBenchmark.acceptToPush(referrals, referrer, spa, pushed, 1)[0];
                    } catch (IllegalStateException noPushWithin10Seconds) {
                        sustained = false;
                    }
                }
                taken.put(rate, load.stop());
                stack.awaitCaughtUp(referrals, carePlans, referrer, careTeam);
                if (!sustained) {
                    System.out.printf("  at %d/s offered a change took over 10 s to be pushed: not sustained; higher"
                            + " rates not tried%n", rate);
                    break;
                }
                Arrays.sort(millis);
                push.put(rate, millis);
            }

            Thread.sleep(10_000);
            Map<String, Double> idleFrom = stack.cpuMillis();
            Thread.sleep(IDLE.toMillis());
            Map<String, Double> idle = perUnit(idleFrom, stack.cpuMillis(), IDLE.toMillis());
            return new Result(stack.readySeconds(), idle, intakeRate, perReferral, window / (accepted + 1), push,
                    taken);
        }
    }

    /** Posts this many referrals from 8 clients. */
    static void postReferrals(String referrals, String referrer, int count) throws Exception {
        AtomicInteger left = new AtomicInteger(count);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> sent = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            sent.add(clients.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    Demo.postReferral(referrals, referrer, Demo.referral(TestNhsNumbers.next()));
                }
                return null;
            }));
        }
        for (Future<?> client : sent) {
            client.get();
        }
        clients.shutdown();
    }

    /** Per process: the CPU milliseconds between two counts, divided by {@code units}. */
    static Map<String, Double> perUnit(Map<String, Double> from, Map<String, Double> to, double units) {
        Map<String, Double> result = new LinkedHashMap<>();
        to.forEach((name, millis) -> result.put(name, (millis - from.getOrDefault(name, 0.0)) / units));
        return result;
    }

    private static void print(String label, Result result) {
        System.out.printf("  %s: ready %.1f s; idle %.3f cores %s%n", label, result.readySeconds(), result.idleTotal(),
                rounded(result.idleCores(), "%.3f"));
        System.out.printf("  intake %.0f referrals/s; CPU per referral %.2f ms %s; above the idle stack %.2f ms%n",
                result.intakePerSecond(), result.cpuTotal(), rounded(result.cpuMsPerReferral(), "%.2f"),
                result.cpuAboveIdle());
        result.pushAtRate().forEach((rate, millis) -> System.out.printf(
                "  accepted -> pushed at %d/s offered (%.0f/s taken): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", rate,
                result.takenAtRate().get(rate), ReferralBenchmark.percentile(millis, 50),
                ReferralBenchmark.percentile(millis, 99), millis[millis.length - 1]));
    }

    private static String rounded(Map<String, Double> values, String format) {
        StringBuilder out = new StringBuilder("(");
        values.forEach((name, value) -> out.append(out.length() > 1 ? ", " : "").append(name).append(' ')
                .append(String.format(format, value)));
        return out.append(')').toString();
    }

    private static void compare(String baselineRev, List<Result> before, List<Result> after, int[] rates) {
        System.out.printf("%n== side by side: baseline %s vs this tree (mean of %d run(s) each) ==%n", baselineRev,
                before.size());
        System.out.printf("%-44s %12s %12s %8s%n", "measure", "baseline", "this tree", "ratio");
        row("start to ready (s)", mean(before, Result::readySeconds), mean(after, Result::readySeconds));
        row("idle CPU, whole stack (cores)", mean(before, Result::idleTotal), mean(after, Result::idleTotal));
        row("intake, 8 clients (referrals/s)", mean(before, Result::intakePerSecond), mean(after, Result::intakePerSecond));
        row("CPU per referral, whole system (ms)", mean(before, Result::cpuTotal), mean(after, Result::cpuTotal));
        row("  above the idle stack (ms)", mean(before, Result::cpuAboveIdle), mean(after, Result::cpuAboveIdle));
        for (String process : before.get(0).cpuMsPerReferral().keySet()) {
            row("  of which " + process + " (ms)", mean(before, r -> r.cpuMsPerReferral().getOrDefault(process, 0.0)),
                    mean(after, r -> r.cpuMsPerReferral().getOrDefault(process, 0.0)));
        }
        for (int rate : rates) {
            row("push p50 at " + rate + "/s offered (ms)", mean(before, r -> push(r, rate, 50)),
                    mean(after, r -> push(r, rate, 50)));
            row("push p99 at " + rate + "/s offered (ms)", mean(before, r -> push(r, rate, 99)),
                    mean(after, r -> push(r, rate, 99)));
            row("  taken at " + rate + "/s offered (/s)", mean(before, r -> r.takenAtRate().getOrDefault(rate, Double.NaN)),
                    mean(after, r -> r.takenAtRate().getOrDefault(rate, Double.NaN)));
        }
    }

    /** The percentile of the push at that rate; NaN (printed as such) where the rate was not sustained. */
    private static double push(Result result, int rate, int percentile) {
        double[] millis = result.pushAtRate().get(rate);
        return millis == null ? Double.NaN : ReferralBenchmark.percentile(millis, percentile);
    }

    private static void row(String measure, double before, double after) {
        System.out.printf("%-44s %12.3f %12.3f %8.2f%n", measure, before, after, after / before);
    }

    private static double mean(List<Result> results, ToDoubleFunction<Result> measure) {
        return results.stream().mapToDouble(measure).average().orElse(Double.NaN);
    }

    /** A commit checked out beside this tree and built once, to run its own launcher. */
    static final class CommitTree {

        private CommitTree() {
        }

        static Path checkedOutAndBuilt(Path root, String rev) throws Exception {
            String commit = run(root, "git", "rev-parse", "--short=12", rev + "^{commit}").trim();
            Path tree = root.resolve("platform/local-stack/target/side-by-side").resolve(commit);
            if (!Files.exists(tree.resolve(".git"))) {
                run(root, "git", "worktree", "prune");
                run(root, "git", "worktree", "add", "--detach", tree.toString(), commit);
            }
            if (!Files.exists(tree.resolve("platform/local-stack/target/onetem-local-stack.jar"))) {
                System.out.println("Building baseline " + commit + " in " + root.relativize(tree) + " ...");
                run(tree, tree.resolve("mvnw").toString(), "-q", "-B", "-DskipTests", "package");
            }
            return tree;
        }

        private static String run(Path dir, String... command) throws Exception {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed in " + dir + ":\n" + output);
            }
            return output;
        }
    }

    /**
     * One commit's launcher (java -jar onetem-local-stack.jar --fresh --no-demo, as ./run.sh runs
     * it, fixed ports) and every process of its stack: the launcher (which hosts the broker), the
     * service JVMs it starts, and the PostgreSQL server with its backends.
     */
    static final class RunningStack implements AutoCloseable {

        private final Path tree;
        private final Process launcher;
        private final double readySeconds;

        private RunningStack(Path tree, Process launcher, double readySeconds) {
            this.tree = tree;
            this.launcher = launcher;
            this.readySeconds = readySeconds;
        }

        static RunningStack start(Path tree) throws Exception {
            // Exactly what a user runs (run.sh builds first if a source is newer than the build).
            ProcessBuilder runSh = new ProcessBuilder("bash", "run.sh", "--fresh", "--no-demo");
            String launcherOptions = System.getProperty("bench.launcher-jvm-options");
            if (launcherOptions != null) {
                runSh.environment().put("ONETEM_LAUNCHER_JVM_OPTIONS", launcherOptions);
            }
            String serviceOptions = System.getProperty("onetem.service.jvm-options");
            if (serviceOptions != null) {
                runSh.environment().put("ONETEM_SERVICE_JVM_OPTIONS", serviceOptions);
            }
            long started = System.nanoTime();
            Process launcher = runSh.directory(tree.toFile()).redirectErrorStream(true).start();
            BufferedReader output = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
            double ready = -1;
            String line;
            boolean built = false;
            while ((line = output.readLine()) != null) {
                // run.sh builds first when a source is newer than the build: not part of the start.
                built |= line.startsWith("[run.sh] Building");
                if (ready < 0 && line.contains("All four services ready")) {
                    ready = built ? Double.NaN : (System.nanoTime() - started) / 1e9;
                }
                if (line.contains("Press Ctrl-C")) {
                    break;
                }
            }
            if (line == null) {
                throw new IllegalStateException("The launcher in " + tree + " stopped before the stack was running");
            }
            if (built) {
                System.out.printf("  run.sh built %s before starting (a source changed since the last build, or while"
                        + " this benchmark ran): its start to ready is not counted%n", tree);
            }
            Thread drain = new Thread(() -> {
                try {
                    while (output.readLine() != null) {
                        // the launcher's output is not needed once it is running; its logs are in .local-stack/logs
                    }
                } catch (IOException closed) {
                    // the launcher has stopped
                }
            }, "launcher-output");
            drain.setDaemon(true);
            drain.start();
            return new RunningStack(tree, launcher, ready);
        }

        double readySeconds() {
            return readySeconds;
        }

        String token(String role) throws IOException {
            return Files.readString(tree.resolve(".local-stack/tokens/" + role + ".jwt")).trim();
        }

        /** Posts a marker referral and waits for its plan, then for the stack to go quiet: all caught up. */
        void awaitCaughtUp(String referrals, String carePlans, String referrer, String careTeam) throws Exception {
            String nhsNumber = TestNhsNumbers.next();
            String id = Demo.idOf(Demo.postReferral(referrals, referrer, Demo.referral(nhsNumber)).body());
            Demo.awaitReferralInCarePlan(carePlans, careTeam, nhsNumber, id, Duration.ofSeconds(120));
            // Other partitions may still hold a little work, and the JIT may still be compiling:
            // wait until the whole stack uses under a tenth of a core.
            double last = total(cpuMillis());
            for (int i = 0; i < 120; i++) {
                Thread.sleep(500);
                double now = total(cpuMillis());
                if (now - last < 50) {
                    return;
                }
                last = now;
            }
        }

        private static double total(Map<String, Double> millis) {
            return millis.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** CPU milliseconds so far of each part of the stack, from /proc (user and system time). */
        Map<String, Double> cpuMillis() throws IOException {
            Map<String, Double> millis = new LinkedHashMap<>();
            // The JIT's compiler threads apart: a one-off cost of the first minutes, not of each referral.
            long jit = compilerTicks(launcher.pid());
            millis.put("broker+launcher", ticksToMillis(ticks(launcher.pid()) - compilerTicks(launcher.pid())));
            for (ProcessHandle child : launcher.children().toList()) {
                String name = child.info().commandLine().map(RunningStack::serviceOf).orElse("other");
                long compiling = compilerTicks(child.pid());
                jit += compiling;
                millis.merge(name, ticksToMillis(ticks(child.pid()) - compiling), Double::sum);
            }
            millis.put("JIT compiling (all JVMs)", ticksToMillis(jit));
            List<Long> postgresPids = PostgresProcesses.of(tree.resolve(".local-stack/postgres"));
            // The postmaster's own count includes the backends it has reaped (cutime, cstime).
            long postgres = postgresPids.isEmpty() ? 0 : ticks(postgresPids.get(0)) + reapedChildrenTicks(postgresPids.get(0));
            for (long pid : postgresPids.subList(Math.min(1, postgresPids.size()), postgresPids.size())) {
                postgres += ticks(pid);
            }
            millis.put("postgres", ticksToMillis(postgres));
            return millis;
        }

        /** The resident memory (RSS) of a service's JVM, in MiB; NaN when it is not running. */
        double residentMib(String service) throws IOException {
            for (ProcessHandle child : launcher.children().toList()) {
                if (child.info().commandLine().map(RunningStack::serviceOf).orElse("").equals(service)) {
                    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(child.pid()), "status"))) {
                        if (line.startsWith("VmRSS:")) {
                            return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                        }
                    }
                }
            }
            return Double.NaN;
        }

        private static String serviceOf(String commandLine) {
            for (String service : List.of("referrals", "care-plans", "discharge", "virtual-ward", "board")) {
                if (commandLine.contains("services/" + service + "/")) {
                    return service;
                }
            }
            return "other";
        }

        /** utime + stime of a process, in clock ticks; 0 once it has gone. */
        private static long ticks(long pid) {
            return sumOfStat(pid, 11, 12);
        }

        /** cutime + cstime: the CPU of the children the process has waited for (reaped). */
        private static long reapedChildrenTicks(long pid) {
            return sumOfStat(pid, 13, 14);
        }

        private static long sumOfStat(long pid, int first, int second) {
            try {
                String[] stat = afterName(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
                return Long.parseLong(stat[first]) + Long.parseLong(stat[second]);
            } catch (IOException | RuntimeException gone) {
                return 0;
            }
        }

        /** CPU ticks of the JVM's C1 and C2 compiler threads in this process. */
        private static long compilerTicks(long pid) {
            long ticks = 0;
            try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path thread : threads.toList()) {
                    try {
                        String stat = Files.readString(thread.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                            String[] fields = afterName(stat);
                            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended while listing (its time stays in the process's count)
                    }
                }
            } catch (IOException gone) {
                return 0;
            }
            return ticks;
        }


        /** The fields of /proc/PID/stat after "(name)": state, ppid, .... */
        private static String[] afterName(String stat) {
            // utime, stime, cutime, cstime are indexes 11-14 here
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        }

        /** Linux reports CPU time in USER_HZ ticks, 100 per second on every mainstream build. */
        private static double ticksToMillis(long ticks) {
            return ticks * 10.0;
        }

        @Override
        public void close() throws Exception {
            launcher.destroy();
            if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                launcher.destroyForcibly().waitFor();
            }
        }
    }
}
