package city.onetem.stack.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A client following one person's care plan stream, as the benchmarks time a push with it. */
final class PersonPlanStream implements AutoCloseable {

    private final HttpResponse<Stream<String>> stream;
    private final BlockingQueue<String> pushed = new ArrayBlockingQueue<>(64);

    private PersonPlanStream(HttpResponse<Stream<String>> stream) {
        this.stream = stream;
        Thread reader = new Thread(() -> {
            try {
                stream.body().filter(line -> line.startsWith("data:")).forEach(pushed::offer);
            } catch (RuntimeException closed) {
                // the stream was closed after its sample
            }
        }, "plan-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static PersonPlanStream follow(HttpClient http, String carePlans, String token, String nhs) throws Exception {
        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(
                        URI.create(carePlans + "/fhir/CarePlan/_stream?patient.identifier=" + nhs))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        if (stream.statusCode() != 200) {
            throw new IllegalStateException("Following the person's plan answered " + stream.statusCode());
        }
        return new PersonPlanStream(stream);
    }

    /** Whether a change containing {@code text} is pushed within {@code timeout} of {@code since} (System.nanoTime). */
    boolean pushes(String text, long since, Duration timeout) throws InterruptedException {
        String data;
        do {
            data = pushed.poll(timeout.toMillis() - (System.nanoTime() - since) / 1_000_000, TimeUnit.MILLISECONDS);
        } while (data != null && !data.contains(text));
        return data != null;
    }

    @Override
    public void close() {
        stream.body().close();
    }
}
