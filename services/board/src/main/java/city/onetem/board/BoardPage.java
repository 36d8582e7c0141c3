package city.onetem.board;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;

/**
 * A cluster team's board, the page a nurse or a social worker opens at the start of a shift and
 * leaves open: new referrals with their urgent response clocks, the team's people on a virtual
 * ward and in hospital, tasks due, plans due for review and the people whose plans the team
 * holds, as the services let the signed-in person see them.
 */
@Path("/")
public class BoardPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance board(SignedIn user, TeamBoard board);

        static native TemplateInstance noTeam(SignedIn user);
    }

    @Inject
    SignedIn user;
    @Inject
    TeamBoards boards;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response board(@QueryParam("team") String asked) {
        if (user.teams().isEmpty()) {
            // An SPA coordinator works the SPA's queues, a ward clinician the escalations; others are told why.
            return user.coordinatesSpa() ? Response.seeOther(URI.create("/spa")).build()
                    : user.looksAfterTheWards() ? Response.seeOther(URI.create("/ward")).build()
                    : Response.ok(Templates.noTeam(user)).build();
        }
        return Response.ok(Templates.board(user, boards.read(user.team(asked), user.accessToken(), Instant.now())))
                .build();
    }
}
