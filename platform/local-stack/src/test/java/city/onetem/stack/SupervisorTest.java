package city.onetem.stack;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack supervises what it starts: a service killed from outside is reported at once,
 * with its exit and its log, and started again; one that keeps dying is given up on, loudly. The
 * board plays the service here: it starts in seconds and needs no database or broker.
 */
class SupervisorTest {

    @TempDir
    Path logs;

    @Test
    void aServiceKilledFromOutsideIsReportedAndStartedAgain() throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        ServiceProcess board = board(true);
        try (Supervisor supervisor = new Supervisor(said::add, Duration.ofMillis(100), 3)) {
            supervisor.watch(board);
            board.start().awaitReady(Duration.ofSeconds(120));
            long first = board.pid();

            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            await(said, line -> line.startsWith("board is running again (restart 1)"));
            assertTrue(said.get(0).startsWith("board died (killed (SIGKILL: out of memory, or by hand)); its log: "
                    + board.log()), said.toString());
            assertNotEquals(first, board.pid(), "a new process");
            assertTrue(board.isAlive());
        } finally {
            board.stop();
        }
        assertTrue(said.stream().noneMatch(line -> line.contains("stop")), "a stop asked for is not a death: " + said);
    }

    @Test
    void aServiceThatKeepsDyingIsGivenUpOnLoudly() throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        // Without its client secret the board refuses to start: it dies each time it is started.
        ServiceProcess board = board(false);
        try (Supervisor supervisor = new Supervisor(said::add, Duration.ofMillis(50), 2)) {
            supervisor.watch(board);
            board.start();
            await(said, line -> line.startsWith("GAVE UP on board: it died 3 times within 10 minutes"));
            assertTrue(said.stream().filter(line -> line.startsWith("board died (exit code 1)")).count() == 2,
                    "two restarts, each said: " + said);
            assertTrue(said.stream().anyMatch(line -> line.startsWith("GAVE UP on board")
                    && line.contains("The system is NOT fully running. Its log: " + board.log())), said.toString());
            Thread.sleep(500);
            assertTrue(said.stream().noneMatch(line -> line.contains("Starting it again in 200 ms")),
                    "no third restart: " + said);
        } finally {
            board.stop();
        }
    }

    private ServiceProcess board(boolean configured) {
        ServiceProcess board = new ServiceProcess("board", FreePorts.next(), LocalStack.findRoot(), logs)
                .with("onetem.board.session-secret", "a-session-secret-of-more-than-32-characters")
                .with("onetem.board.sign-in-url", "http://localhost:1");
        return configured ? board.with("onetem.board.client-secret", "secret") : board;
    }

    private static void await(List<String> said, Predicate<String> line) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (said.stream().noneMatch(line)) {
            assertTrue(Instant.now().isBefore(deadline), "not said in time; said: " + said);
            Thread.sleep(100);
        }
    }
}
