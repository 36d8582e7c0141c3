package city.onetem.board;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Signing in to the board as a browser does, against the development OpenID Connect provider:
 * back to the page asked for with a sealed session cookie, and refused whatever does not belong
 * to the sign-in this browser started.
 */
@QuarkusTest
@QuarkusTestResource(DevSignIn.class)
class SignInTest {

    @jakarta.inject.Inject
    SealedCookies cookies;

    private static final HttpClient PROVIDER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void aNurseSignsInAndComesBackToThePageSheAskedFor() throws Exception {
        String session = signIn("/?team=central", "nurse.jones");
        String page = given().redirects().follow(false).cookie(Session.COOKIE, session).get("/?team=central").then()
                .statusCode(200).extract().asString();
        assertTrue(page.contains("Signed in as Nurse Jones (R1C)"), page);
        assertTrue(page.contains("CENTRAL cluster team"), page);
        assertTrue(page.contains("did not answer"), "the services are away here, and the page says so: " + page);
    }

    /**
     * Every form carries the session's key (CSRF): a change without it, with another, or one the
     * browser says another site sent, is refused before any service is asked.
     */
    @Test
    void aChangeIsTakenOnlyFromTheBoardsOwnForms() throws Exception {
        String session = signIn("/", "nurse.jones");
        String formKey = cookies.open(Session.COOKIE, session).flatMap(Session::fromJson).orElseThrow().formKey();
        String taskStep = "/plans/p1/tasks/t1";
        given().redirects().follow(false).cookie(Session.COOKIE, session).formParam("step", "start")
                .formParam("version", "1").post(taskStep).then().statusCode(403)
                .body(containsString("did not come from your board page"));
        given().redirects().follow(false).cookie(Session.COOKIE, session).formParam("step", "start")
                .formParam("version", "1").formParam("csrf", formKey + "x").post(taskStep).then().statusCode(403);
        given().redirects().follow(false).cookie(Session.COOKIE, session).header("Sec-Fetch-Site", "cross-site")
                .formParam("step", "start").formParam("version", "1").formParam("csrf", formKey).post(taskStep).then()
                .statusCode(403).body(containsString("only from its own pages"));
        // With the key, the board asks care-plans, which is away here: the page says nothing was changed.
        given().redirects().follow(false).cookie(Session.COOKIE, session).header("Sec-Fetch-Site", "same-origin")
                .formParam("step", "start").formParam("version", "1").formParam("csrf", formKey).post(taskStep).then()
                .statusCode(503).body(containsString("Nothing was changed"));
    }

    @Test
    void everyPageAsksWhoYouAreFirstAndATamperedCookieIsNoSession() {
        assertEquals("/sign-in?then=%2F", onThisBoard(given().redirects().follow(false).get("/").then().statusCode(303)
                .extract().header("Location")));
        given().redirects().follow(false).cookie(Session.COOKIE, "made-up").get("/").then().statusCode(303);
        given().get("/static/board.css").then().statusCode(200);
        given().get("/nhsuk/nhsuk-frontend.min.css").then().statusCode(200);
        given().get("/nhsuk/LICENCE.txt").then().statusCode(200).body(containsString("MIT License"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aSignInThisBrowserDidNotStartIsRefused() throws Exception {
        Response started = given().redirects().follow(false).get("/sign-in?then=/");
        String flow = started.getCookie(SignIn.FLOW_COOKIE);
        String code = chooseUser(URI.create(started.getHeader("Location")), "nurse.jones");
        given().redirects().follow(false).cookie(SignIn.FLOW_COOKIE, flow)
                .get("/signed-in?code=" + code + "&state=another").then().statusCode(401)
                .body(containsString("not the one this browser started"));
        given().redirects().follow(false).get("/signed-in?code=" + code + "&state=anything").then().statusCode(401);
        given().redirects().follow(false).get("/signed-in?error=access_denied&state=x").then().statusCode(401)
                .body(containsString("did not sign you in (access_denied)"));
    }

    @Test
    void signingInNeverSendsYouToAnotherSite() throws Exception {
        Response started = given().redirects().follow(false).queryParam("then", "//evil.example/").get("/sign-in");
        String code = chooseUser(URI.create(started.getHeader("Location")), "nurse.jones");
        URI location = URI.create(started.getHeader("Location"));
        String state = query(location, "state");
        assertEquals("/", onThisBoard(given().redirects().follow(false).cookie(SignIn.FLOW_COOKIE,
                started.getCookie(SignIn.FLOW_COOKIE)).get("/signed-in?code=" + code + "&state=" + state).then()
                .statusCode(303).extract().header("Location")));
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        signIn("/", "nurse.jones");
        given().redirects().follow(false).get("/sign-out").then().statusCode(303)
                .header("Location", startsWith(DevSignIn.provider.url() + "/logout?"))
                .header("Set-Cookie", containsString(Session.COOKIE + "=; Path=/; Max-Age=0"));
    }

    /** Signs in as this user and returns the session cookie, checking its attributes. */
    private static String signIn(String page, String user) throws Exception {
        Response started = given().redirects().follow(false).queryParam("then", page).get("/sign-in");
        assertEquals(303, started.statusCode(), started.asString());
        URI authorize = URI.create(started.getHeader("Location"));
        assertTrue(authorize.toString().startsWith(DevSignIn.provider.url() + "/authorize?"), authorize.toString());
        assertTrue(authorize.getQuery().contains("code_challenge_method=S256"), authorize.toString());
        String code = chooseUser(authorize, user);
        Response back = given().redirects().follow(false).cookie(SignIn.FLOW_COOKIE, started.getCookie(SignIn.FLOW_COOKIE))
                .get("/signed-in?code=" + code + "&state=" + URLEncoder.encode(query(authorize, "state"),
                        StandardCharsets.UTF_8));
        assertEquals(303, back.statusCode(), back.asString());
        assertEquals(page, onThisBoard(back.getHeader("Location")));
        String setCookie = back.getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(Session.COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("Secure") && setCookie.contains("SameSite=Lax"),
                setCookie);
        return back.getCookie(Session.COOKIE);
    }

    /** The person presses their name on the provider's page; the code it sends back to the board. */
    private static String chooseUser(URI authorize, String user) throws Exception {
        HttpResponse<String> chosen = PROVIDER.send(HttpRequest.newBuilder(URI.create(DevSignIn.provider.url()
                + "/authorize")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(authorize.getRawQuery() + "&user=" + user)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, chosen.statusCode(), chosen.body());
        return query(URI.create(chosen.headers().firstValue("Location").orElseThrow()), "code");
    }

    /** A Location on this board (JAX-RS makes it absolute): its path and query; fails for another site. */
    private static String onThisBoard(String location) {
        URI uri = URI.create(location);
        assertEquals("localhost", uri.getHost(), location);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " is not in " + uri);
    }
}
