package city.onetem.stack.bench;

import city.onetem.stack.BoardSession;
import city.onetem.stack.LocalStack;
import city.onetem.stack.ServiceProcess;
import city.onetem.stack.bench.SideBySideBenchmark.RunningStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The board as a cluster team uses it: {@code pages} open board pages, each its own signed-in
 * session, follow the team's changes, and each reads the board again when told of a change (50 ms
 * later, once for the changes that came meanwhile, as the page's script does), while referrals to
 * the team arrive at a fixed rate. The same load runs twice over the same length of time, first
 * with no page open, then with the pages: what the pages add to the whole stack's CPU (board,
 * services, broker, PostgreSQL), per page read, gives the page reads a core serves. Also each
 * read's time, the time from a change being heard to the page read again (what the person waits
 * for), and the board's resident memory per open page.
 *
 * <p>Run (this tree's run.sh, fixed ports, nothing else running):
 * <pre>
 * ./mvnw -q -DskipTests package
 * java -cp platform/local-stack/target/onetem-local-stack.jar city.onetem.stack.bench.BoardBenchmark \
 *     [pages=10] [referralsPerSecond=2] [seconds=60] [peopleOnTheBoard=200]
 * </pre>
 * The pages are all nurse.jones's, so care-plans' limit of live streams per person (5, a policy,
 * not a cost) is raised to the number of pages for the run. The page's 30-second re-read is left
 * out: at these rates the changes make far more reads.
 */
public final class BoardBenchmark {

    private static final String BOARD = "http://localhost:8085";
    private static final String TEAM_BOARD = "/?team=central";

    private BoardBenchmark() {
    }

    public static void main(String[] args) {
        BenchmarkRun.thenExit(BoardBenchmark::run, args);
    }

    private static void run(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int people = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        // The services' own JVM options as run.sh gives them, plus the limit: the property replaces them.
        System.setProperty(ServiceProcess.JVM_OPTIONS, System.getProperty(ServiceProcess.JVM_OPTIONS,
                ServiceProcess.LOCAL_JVM_OPTIONS) + " -Donetem.stream.max-per-caller=" + pages);
        try (RunningStack stack = RunningStack.start(LocalStack.findRoot())) {
            String referrals = "http://localhost:8081";
            String carePlans = "http://localhost:8082";
            String referrer = stack.token("referrer");
            String careTeam = stack.token("care-team");
            // Each referral from a central practice starts a plan the central team holds: a row on its board.
            SideBySideBenchmark.postReferrals(referrals, referrer, people);
            stack.awaitCaughtUp(referrals, carePlans, referrer, careTeam);

            List<Page> open = new ArrayList<>();
            for (int i = 0; i < pages; i++) {
                open.add(new Page(new BoardSession(BOARD).signInAs("nurse.jones")));
            }
            for (int i = 0; i < 30; i++) {
                for (Page page : open) {
                    page.session.get(TEAM_BOARD); // the JIT's warm-up of the page's path, not measured
                }
            }
            stack.awaitCaughtUp(referrals, carePlans, referrer, careTeam);
            double boardBefore = stack.residentMib("board");

            Map<String, Double> loadAlone = cpuPerSecond(stack, referrals, referrer, rate, seconds);
            stack.awaitCaughtUp(referrals, carePlans, referrer, careTeam);

            for (Page page : open) {
                page.follow();
            }
            Thread.sleep(2_000);
            double boardWithPages = stack.residentMib("board");
            Page.measuring = true;
            Map<String, Double> withPages = cpuPerSecond(stack, referrals, referrer, rate, seconds);
            Page.measuring = false;
            Page.stopAll(open);

            report(pages, rate, seconds, people, loadAlone, withPages, boardBefore, boardWithPages);
        }
    }

    /** The stack's CPU in milliseconds per second, by part, while referrals are offered at this rate. */
    private static Map<String, Double> cpuPerSecond(RunningStack stack, String referrals, String referrer, int rate,
            int seconds) throws Exception {
        Map<String, Double> from = stack.cpuMillis();
        ReferralBenchmark.Background load = ReferralBenchmark.Background.start(referrals, referrer, rate);
        Thread.sleep(seconds * 1000L);
        Map<String, Double> to = stack.cpuMillis();
        System.out.printf("  referrals taken at %.1f/s%n", load.stop());
        return SideBySideBenchmark.perUnit(from, to, seconds);
    }

    private static void report(int pages, int rate, int seconds, int people, Map<String, Double> loadAlone,
            Map<String, Double> withPages, double boardBefore, double boardWithPages) {
        double[] read = Page.READ_MILLIS.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] waited = Page.WAITED_MILLIS.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double readsPerSecond = read.length / (double) seconds;
        System.out.printf("%n== the board: %d open pages of a team holding %d people or more (a page shows 100),"
                + " referrals offered at %d/s, %d s ==%n", pages, people, rate, seconds);
        System.out.printf("  page reads: %d (%.1f/s), %d failed%n", read.length, readsPerSecond, Page.FAILED.get());
        if (read.length == 0) {
            System.out.println("  no page was read: no change reached the open pages");
            return;
        }
        System.out.printf("  one read: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", ReferralBenchmark.percentile(read, 50),
                ReferralBenchmark.percentile(read, 99), read[read.length - 1]);
        System.out.printf("  change heard -> page read again: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                ReferralBenchmark.percentile(waited, 50), ReferralBenchmark.percentile(waited, 99),
                waited[waited.length - 1]);
        double extraTotal = 0;
        StringBuilder parts = new StringBuilder();
        for (String part : withPages.keySet()) {
            if (part.startsWith("JIT")) {
                continue;
            }
            double extraPerRead = (withPages.get(part) - loadAlone.getOrDefault(part, 0.0)) / readsPerSecond;
            extraTotal += extraPerRead;
            parts.append(String.format("%s%s %.2f", parts.length() > 0 ? ", " : "", part, extraPerRead));
        }
        System.out.printf("  CPU per page read, whole stack: %.2f ms (%s)%n", extraTotal, parts);
        System.out.printf("  page reads per second per core: %.0f%n", 1000 / extraTotal);
        System.out.printf("  whole stack busy: %.2f cores with the pages, %.2f without%n", total(withPages) / 1000,
                total(loadAlone) / 1000);
        System.out.printf("  the board's resident memory: %.0f MiB before the pages opened, %.0f MiB with them"
                + " (%.2f MiB a page)%n", boardBefore, boardWithPages, (boardWithPages - boardBefore) / pages);
    }

    private static double total(Map<String, Double> perSecond) {
        return perSecond.entrySet().stream().filter(e -> !e.getKey().startsWith("JIT"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** One open board page: its session, its stream, and a thread that reads the page again on each change. */
    private static final class Page {

        static final ConcurrentLinkedQueue<Double> READ_MILLIS = new ConcurrentLinkedQueue<>();
        static final ConcurrentLinkedQueue<Double> WAITED_MILLIS = new ConcurrentLinkedQueue<>();
        static final AtomicInteger FAILED = new AtomicInteger();
        static volatile boolean measuring;

        final BoardSession session;
        private Thread reader;
        private volatile boolean stopped;

        Page(BoardSession session) {
            this.session = session;
        }

        void follow() throws InterruptedException {
            BlockingQueue<String> lines = session.follow("/events?team=central");
            if (lines.poll(30, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("A board page's stream did not open within 30 s");
            }
            reader = new Thread(() -> readOnChange(lines), "page");
            reader.setDaemon(true);
            reader.start();
        }

        private void readOnChange(BlockingQueue<String> lines) {
            try {
                while (!stopped) {
                    String line = lines.poll(1, TimeUnit.SECONDS);
                    if (line == null || !line.replace(" ", "").equals("event:changed")) {
                        continue;
                    }
                    long heard = System.nanoTime();
                    Thread.sleep(50); // board.js: one read for the changes of the next 50 ms
                    lines.clear();
                    long reading = System.nanoTime();
                    try {
                        session.get(TEAM_BOARD);
                    } catch (Exception failed) {
                        FAILED.incrementAndGet();
                        continue;
                    }
                    long done = System.nanoTime();
                    if (measuring) {
                        READ_MILLIS.add((done - reading) / 1e6);
                        WAITED_MILLIS.add((done - heard) / 1e6);
                    }
                }
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        }

        static void stopAll(List<Page> pages) throws InterruptedException {
            pages.forEach(page -> page.stopped = true);
            for (Page page : pages) {
                page.reader.join(5_000);
            }
        }
    }
}
