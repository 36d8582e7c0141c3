package city.onetem.stack;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.FreePorts;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's word that a service is ready is that service's, not whatever holds its port. */
class ServiceProcessTest {

    @TempDir
    Path logs;

    @Test
    void aServiceWhosePortAnotherServerHoldsIsNotReportedReady() throws Exception {
        int port = FreePorts.next();
        HttpServer other = HttpServer.create(new InetSocketAddress(port), 0);
        other.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1); // every health check passes
            exchange.close();
        });
        other.start();
        try {
            ServiceProcess referrals = new ServiceProcess("referrals", port, LocalStack.findRoot(), logs).start();
            try {
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> referrals.awaitReady(Duration.ofSeconds(60)));
                assertTrue(refused.getMessage().startsWith("referrals "), refused.getMessage());
            } finally {
                referrals.stop();
            }
        } finally {
            other.stop(0);
        }
    }
}
