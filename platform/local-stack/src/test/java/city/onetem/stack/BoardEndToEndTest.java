package city.onetem.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.TestNhsNumbers;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The board over real referrals and care-plans processes, signed in through the development
 * OpenID Connect provider as a browser would be (authorization code flow with PKCE, session
 * cookie): a nurse sees her own cluster team's people and referrals, and a nurse of another
 * team does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoardEndToEndTest {

    private static final Duration READY = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private LocalStack stack;

    @BeforeAll
    void startStack() {
        stack = new LocalStack(LocalStack.findRoot(), Path.of("target", "e2e-board").toAbsolutePath(), false)
                .startInfrastructure();
        stack.service("referrals").start();
        stack.service("care-plans").start();
        stack.board().start();
        stack.get("referrals").awaitReady(READY);
        stack.get("care-plans").awaitReady(READY);
        stack.get("board").awaitReady(READY);
    }

    @AfterAll
    void stopStack() {
        stack.close();
    }

    @Test
    void aNurseSeesHerOwnTeamsPeopleAndNoOneElses() throws Exception {
        String nhsNumber = TestNhsNumbers.next();
        Demo.referToCentralTeam(stack, stack.keys().token("dr.patel", "J82001", "referring-system"),
                stack.keys().member("nurse.jones", "R1C", "central", "community-nurse"), nhsNumber);
        String spaced = nhsNumber.substring(0, 3) + " " + nhsNumber.substring(3, 6) + " " + nhsNumber.substring(6);

        String central = new Browser().signInAs("nurse.jones").get("/");
        assertTrue(central.contains("Signed in as Nurse Jones (R1C)"), central);
        assertTrue(central.contains("CENTRAL cluster team"), central);
        assertTrue(central.contains(spaced), "the central team's board lists the person referred to it: " + central);
        assertTrue(central.contains("<td>Community nursing</td>"), "and the service they were referred to: " + central);

        String northEast = new Browser().signInAs("nurse.khan").get("/");
        assertTrue(northEast.contains("NORTH-EAST cluster team"), northEast);
        assertFalse(northEast.contains(spaced), "another team's board does not: " + northEast);
    }

    /**
     * The open board hears of a change to its team's plans at once, without anyone's data in the
     * event, and reads the board again: a person newly referred to the team is then on it.
     */
    @Test
    void anOpenBoardHearsOfANewReferralToItsTeam() throws Exception {
        Browser nurse = new Browser().signInAs("nurse.jones");
        BlockingQueue<String> events = nurse.follow("/events?team=central");
        assertTrue(events.poll(30, TimeUnit.SECONDS) != null, "the stream opens at once");

        String nhsNumber = TestNhsNumbers.next();
        Demo.referToCentralTeam(stack, stack.keys().token("dr.patel", "J82001", "referring-system"),
                stack.keys().member("nurse.jones", "R1C", "central", "community-nurse"), nhsNumber);
        String line;
        List<String> heard = new ArrayList<>();
        do {
            line = events.poll(15, TimeUnit.SECONDS);
            heard.add(line);
        } while (line != null && !line.equals("event: changed") && !line.equals("event:changed"));
        assertTrue(line != null, "the board heard of the change: " + heard);
        assertFalse(String.join("\n", heard).contains(nhsNumber), "the events carry no one's data: " + heard);
        assertTrue(nurse.get("/").contains(nhsNumber.substring(0, 3) + " " + nhsNumber.substring(3, 6) + " "
                + nhsNumber.substring(6)), "and the board, read again, shows the person");
    }

    @Test
    void theBoardAsksWhoYouAreBeforeShowingAnything() throws Exception {
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(stack.get("board").baseUrl() + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, anonymous.statusCode());
        assertEquals(stack.get("board").baseUrl() + "/sign-in?then=%2F", anonymous.headers().firstValue("Location")
                .orElseThrow());
        HttpResponse<String> toProvider = HTTP.send(HttpRequest.newBuilder(URI.create(stack.get("board").baseUrl()
                + "/sign-in?then=%2F")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, toProvider.statusCode(), toProvider.body());
        String signIn = toProvider.headers().firstValue("Location").orElseThrow();
        assertTrue(signIn.startsWith(stack.signIn().url() + "/authorize?"), signIn);
        assertTrue(signIn.contains("code_challenge="), "PKCE: " + signIn);
        String page = HTTP.send(HttpRequest.newBuilder(URI.create(signIn)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        for (var user : LocalStack.DEMO_USERS) {
            assertTrue(page.contains(user.name()), "the development sign-in lists " + user.name() + ": " + page);
        }
    }

    /** What a browser keeps between requests to the board: its cookies, whatever their Secure flag (localhost). */
    private final class Browser {

        private final Map<String, String> cookies = new LinkedHashMap<>();

        Browser signInAs(String user) throws Exception {
            HttpResponse<String> toSignIn = send(HttpRequest.newBuilder(URI.create(stack.get("board").baseUrl() + "/")));
            assertEquals(303, toSignIn.statusCode(), toSignIn.body());
            HttpResponse<String> toProvider = send(HttpRequest.newBuilder(URI.create(toSignIn.headers()
                    .firstValue("Location").orElseThrow())));
            assertEquals(303, toProvider.statusCode(), toProvider.body());
            URI authorize = URI.create(toProvider.headers().firstValue("Location").orElseThrow());
            // The person presses their name on the sign-in page: the page's form carries the request on.
            String form = authorize.getRawQuery() + "&user=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
            HttpResponse<String> chosen = HTTP.send(HttpRequest.newBuilder(URI.create(stack.signIn().url() + "/authorize"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(302, chosen.statusCode(), chosen.body());
            HttpResponse<String> back = send(HttpRequest.newBuilder(URI.create(chosen.headers().firstValue("Location")
                    .orElseThrow())));
            assertEquals(303, back.statusCode(), "the board takes the code and opens a session: " + back.body());
            assertEquals(stack.get("board").baseUrl() + "/", back.headers().firstValue("Location").orElseThrow(),
                    "back to the page asked for");
            assertTrue(back.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("onetem_session=")
                    && c.contains("HttpOnly") && c.contains("Secure") && c.contains("SameSite=Lax")),
                    "the session cookie: " + back.headers().allValues("Set-Cookie"));
            return this;
        }

        /** An EventSource's view of a stream on the board: its lines, as they arrive. */
        BlockingQueue<String> follow(String path) {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.get("board").baseUrl() + path))
                    .header("Accept", "text/event-stream")
                    .header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                            .collect(Collectors.joining("; ")));
            HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> response.body().filter(l -> !l.isEmpty()).forEach(lines::add));
            return lines;
        }

        String get(String path) throws Exception {
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(stack.get("board").baseUrl() + path)));
            assertEquals(200, page.statusCode(), page.body());
            return page.body();
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                        .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String cookie : response.headers().allValues("Set-Cookie")) {
                String pair = cookie.split(";", 2)[0];
                int equals = pair.indexOf('=');
                String name = pair.substring(0, equals);
                if (List.of(cookie.toLowerCase().split(";\\s*")).contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, pair.substring(equals + 1));
                }
            }
            return response;
        }
    }
}
