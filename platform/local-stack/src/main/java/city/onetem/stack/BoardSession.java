package city.onetem.stack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;

/**
 * A person at the board without a browser: signs in through the development sign-in as a browser
 * would (the board's redirects, pressing their name, the session cookie), reads pages and follows
 * the live events as an EventSource. It keeps the board's cookies whatever their Secure flag
 * (localhost). For the end-to-end tests and the board's benchmark; a session is one person's, used
 * from one thread at a time.
 */
public final class BoardSession {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private final String board;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public BoardSession(String boardUrl) {
        this.board = boardUrl;
    }

    /** Signs in as this development user; fails saying which step did not answer as the board's sign-in should. */
    public BoardSession signInAs(String user) throws IOException, InterruptedException {
        HttpResponse<String> toSignIn = send(HttpRequest.newBuilder(URI.create(board + "/")));
        expect(303, toSignIn, "the board sends a stranger to sign in");
        HttpResponse<String> toProvider = send(HttpRequest.newBuilder(URI.create(location(toSignIn))));
        expect(303, toProvider, "the board's sign-in sends them to the identity provider");
        URI authorize = URI.create(location(toProvider));
        // The person presses their name on the sign-in page: the page's form carries the request on.
        String form = authorize.getRawQuery() + "&user=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
        HttpResponse<String> chosen = HTTP.send(HttpRequest.newBuilder(authorize.resolve(authorize.getRawPath()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        expect(302, chosen, "the identity provider sends them back with a code");
        HttpResponse<String> back = send(HttpRequest.newBuilder(URI.create(location(chosen))));
        expect(303, back, "the board takes the code and opens a session");
        if (!(board + "/").equals(location(back))) {
            throw new IllegalStateException("Signed in, the board should go back to the page asked for, not "
                    + location(back));
        }
        if (back.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("onetem_session=")
                && c.contains("HttpOnly") && c.contains("Secure") && c.contains("SameSite=Lax"))) {
            throw new IllegalStateException("No HttpOnly, Secure, SameSite=Lax session cookie: "
                    + back.headers().allValues("Set-Cookie"));
        }
        return this;
    }

    /** An EventSource's view of a stream on the board: its lines (blank ones left out), as they arrive. */
    public BlockingQueue<String> follow(String path) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HTTP.sendAsync(withCookies(HttpRequest.newBuilder(URI.create(board + path)))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().filter(l -> !l.isEmpty()).forEach(lines::add));
        return lines;
    }

    /** A page of the board as the person sees it; fails on any answer but 200. */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(board + path)).header("Accept", "text/html"));
        expect(200, page, "GET " + path);
        return page.body();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(withCookies(request).build(), HttpResponse.BodyHandlers.ofString());
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

    private HttpRequest.Builder withCookies(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return request;
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                response.request().uri() + " answered " + response.statusCode() + " with no Location"));
    }

    private static void expect(int status, HttpResponse<String> response, String step) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(step + ": expected " + status + ", got " + response.statusCode() + " from "
                    + response.request().uri() + ": " + response.body());
        }
    }
}
