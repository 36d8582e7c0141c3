package city.onetem.platform.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;

/**
 * The service's figures as Prometheus scrapes them (GET /q/metrics, text format), for tests that
 * check what a dashboard or an alert would see.
 */
public final class ServiceMetrics {

    private ServiceMetrics() {
    }

    /**
     * The sum of the series {@code name} carrying these tags (name, value, name, value...); 0 when
     * there is none yet (a counter appears with its first count). NaN when a gauge has no figure.
     */
    public static double value(String name, String... tags) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            // An exemplar (with tracing: "# {trace_id=...} 1.0 <time>") follows the value: not part of it.
            int exemplar = line.indexOf(" # ");
            if (exemplar > 0) {
                line = line.substring(0, exemplar);
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            boolean matches = true;
            for (int i = 0; i + 1 < tags.length; i += 2) {
                matches &= series.contains(tags[i] + "=\"" + tags[i + 1] + "\"");
            }
            if (matches) {
                sum += Double.parseDouble(line.substring(space + 1));
            }
        }
        return sum;
    }

    /**
     * Waits until the series reads {@code wanted} (a gauge is read from the database at most every
     * few seconds; a counter counts after a commit), and fails saying what it read last.
     */
    public static void await(double wanted, Duration within, String name, String... tags) {
        long deadline = System.nanoTime() + within.toNanos();
        double last;
        do {
            last = value(name, tags);
            if (last == wanted) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        fail(name + " " + String.join(",", tags) + " read " + last + " for " + within + ", not " + wanted);
    }
}
