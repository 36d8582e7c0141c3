package city.onetem.careplans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.fhir.Roles;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A cluster team follows its plans live, and a reconnect resumes where it left off. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class CarePlanStreamTest {

    static final String NURSE = DevKeys.forThisJvm().token("nurse.jones", "R1C", Roles.CARE_TEAM);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    PersonKeys personKeys;
    @TestHTTPResource("/fhir/CarePlan/_stream")
    URI stream;

    /** One Server-Sent Event as received. */
    record Pushed(String id, String event, String data) {
    }

    @Test
    void aClusterTeamGetsEachChangeToItsPlansAndResumesWithoutLoss() throws Exception {
        BlockingQueue<Pushed> east = listen("?cluster=east", null);
        SpaEvents spa = new SpaEvents(bootstrapServers, personKeys);
        String nhs = TestNhsNumbers.next();
        String referral = spa.received(nhs, "Community nursing");
        spa.publish(UUID.randomUUID().toString(), EventTypes.REFERRAL_ACCEPTED, nhs, referral, 3, "Community nursing",
                "accepted", "East cluster");

        Pushed accepted = nextPlanChange(east);
        assertNotNull(accepted, "the change reached the east team's stream");
        assertEquals(EventTypes.CAREPLAN_UPDATED, accepted.event());
        assertTrue(accepted.data().contains("accepted by East cluster"));

        // Another change after it; a client that lost its connection after the first resumes from its id.
        String second = spa.received(nhs, "Reablement");
        Pushed next = nextPlanChange(east);
        assertNotNull(next);
        assertTrue(next.data().contains(second));

        BlockingQueue<Pushed> resumed = listen("?cluster=east", accepted.id());
        Pushed replayed = nextPlanChange(resumed);
        assertNotNull(replayed, "the change missed while away is sent on reconnect");
        assertEquals(next.id(), replayed.id());
        assertEquals(next.data(), replayed.data());
    }

    @Test
    void anotherClustersPlansAreNotPushed() throws Exception {
        BlockingQueue<Pushed> west = listen("?cluster=west", null);
        SpaEvents spa = new SpaEvents(bootstrapServers, personKeys);
        String nhs = TestNhsNumbers.next();
        String referral = spa.received(nhs, "Community nursing");
        spa.publish(UUID.randomUUID().toString(), EventTypes.REFERRAL_ACCEPTED, nhs, referral, 3, "Community nursing",
                "accepted", "North cluster");
        BlockingQueue<Pushed> person = listen("?patient.identifier=" + nhs, null);
        spa.received(nhs, "Mental health");
        Pushed forPerson = person.poll(15, TimeUnit.SECONDS);
        assertNotNull(forPerson, "following the person gets their change");
        assertEquals(null, west.poll(1, TimeUnit.SECONDS), "the west team gets nothing of the north's plan");
    }

    @Test
    void theStreamNeedsACareTeamToken() throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stream)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(401, response.statusCode());
    }

    /** The next plan change pushed, past the task changes pushed with it. */
    private static Pushed nextPlanChange(BlockingQueue<Pushed> events) throws InterruptedException {
        while (true) {
            Pushed pushed = events.poll(15, TimeUnit.SECONDS);
            if (pushed == null || pushed.event().startsWith("careplan.")) {
                return pushed;
            }
        }
    }

    /** Subscribes and returns the events as they arrive; waits until the server has its position. */
    private BlockingQueue<Pushed> listen(String query, String lastEventId) throws Exception {
        BlockingQueue<Pushed> events = new LinkedBlockingQueue<>();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stream + query))
                .header("Authorization", "Bearer " + NURSE).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response = HttpClient.newHttpClient()
                .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> open = response.get(15, TimeUnit.SECONDS);
        assertEquals(200, open.statusCode());
        CompletableFuture.runAsync(() -> {
            String[] current = new String[3];
            open.body().forEach(line -> {
                if (line.startsWith("id:")) {
                    current[0] = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    current[1] = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    current[2] = (current[2] == null ? "" : current[2]) + line.substring(5).trim();
                } else if (line.isEmpty() && current[2] != null) {
                    events.add(new Pushed(current[0], current[1], current[2]));
                    current[0] = current[1] = current[2] = null;
                }
            });
        });
        return events;
    }
}
