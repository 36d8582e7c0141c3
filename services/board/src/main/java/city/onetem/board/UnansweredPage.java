package city.onetem.board;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Any page whose service refused (403, 404: what it said) or did not answer (503): the page says
 * so, and that nothing was changed. Pages that show what they can without one service catch it
 * themselves ({@link TeamServices#orProblem}).
 */
public class UnansweredPage {

    @Inject
    SignedIn user;

    @ServerExceptionMapper
    public Response unanswered(TeamServices.Unanswered e) {
        int shown = e.status == 403 || e.status == 404 ? e.status : 503;
        return Response.status(shown).type(MediaType.TEXT_HTML_TYPE).entity(PlanPage.Templates.unavailable(user,
                shown == 503 ? e.saying() + ". Nothing was changed. Try again in a minute; if it lasts, tell the"
                        + " service desk." : e.getMessage())).build();
    }
}
