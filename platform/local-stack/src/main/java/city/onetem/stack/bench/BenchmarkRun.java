package city.onetem.stack.bench;

/** How a benchmark's main method ends: always with an exit, whatever threads the run left. */
final class BenchmarkRun {

    /** A benchmark's body. */
    interface Body {
        void run(String[] args) throws Exception;
    }

    private BenchmarkRun() {
    }

    /**
     * Runs the body, then exits: a load generator's threads must not outlive the run and go on
     * posting into the next stack started on this machine (seen once: they skewed its figures).
     */
    static void thenExit(Body body, String[] args) {
        try {
            body.run(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
