package city.onetem.stack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The processes of a PostgreSQL server, for the benchmarks' CPU and memory counts. */
final class PostgresProcesses {

    private PostgresProcesses() {
    }

    /**
     * The postmaster named in the data directory's postmaster.pid (pg_ctl detaches it from whoever
     * started it, so it is nobody's descendant), first, then its children: the backends and
     * background workers. None when the server is not running there.
     */
    static List<Long> of(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return List.of();
        }
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        List<Long> pids = new ArrayList<>(List.of(postmaster));
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    for (String line : Files.readAllLines(process.resolve("status"))) {
                        if (line.startsWith("PPid:") && Long.parseLong(line.substring(5).trim()) == postmaster) {
                            pids.add(Long.parseLong(process.getFileName().toString()));
                        }
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return pids;
    }
}
