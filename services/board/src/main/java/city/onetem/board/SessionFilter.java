package city.onetem.board;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every page asks who you are first: without a valid session cookie a page request goes to
 * sign in, and comes back to the page it asked for.
 */
public class SessionFilter {

    /** The sign-in's own steps and the health checks; the static files are served before this. */
    static final Set<String> OPEN = Set.of("sign-in", "signed-in", "sign-out", "signed-out", "q");

    @Inject
    SealedCookies cookies;
    @Inject
    SignedIn signedIn;

    @ServerRequestFilter(preMatching = true)
    public Response requireSession(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        String first = path.replaceFirst("^/", "").split("/", 2)[0];
        if (OPEN.contains(first)) {
            return null;
        }
        Cookie cookie = request.getCookies().get(Session.COOKIE);
        Session session = cookie == null ? null : cookies.open(Session.COOKIE, cookie.getValue())
                .flatMap(Session::fromJson).filter(s -> !s.expired()).orElse(null);
        if (session != null) {
            signedIn.set(session);
            return crossSite(request) ? Response.status(403).type(MediaType.TEXT_PLAIN_TYPE)
                    .entity("The board takes changes only from its own pages").build() : null;
        }
        String then = request.getUriInfo().getRequestUri().getRawPath()
                + (request.getUriInfo().getRequestUri().getRawQuery() == null ? ""
                        : "?" + request.getUriInfo().getRequestUri().getRawQuery());
        if (!"GET".equals(request.getMethod())) {
            return Response.status(401).entity("Sign in again: your session has ended").build();
        }
        return Response.seeOther(URI.create("/sign-in?then=" + URLEncoder.encode(then, StandardCharsets.UTF_8)))
                .build();
    }

    /**
     * A change (any method but GET) that a browser says came from another site: refused before
     * the form's key is even read, as a second guard beside it and the SameSite cookie.
     */
    private static boolean crossSite(ContainerRequestContext request) {
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            return false;
        }
        String fetchSite = request.getHeaderString("Sec-Fetch-Site");
        return fetchSite != null && !"same-origin".equals(fetchSite) && !"none".equals(fetchSite);
    }
}
