package city.onetem.board;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A cluster team's board, the page a nurse or a social worker opens at the start of a shift:
 * the people whose plans the team holds and the referrals routed to it, as the services let the
 * signed-in person see them.
 */
@Path("/")
public class BoardPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance board(SignedIn user, TeamBoard board, String problem);

        static native TemplateInstance noTeam(SignedIn user);
    }

    @Inject
    SignedIn user;
    @Inject
    TeamServices services;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance board(@QueryParam("team") String asked) {
        if (user.teams().isEmpty()) {
            return Templates.noTeam(user);
        }
        String team = user.team(asked);
        String cluster = URLEncoder.encode(team, StandardCharsets.UTF_8);
        try {
            TeamBoard board = TeamBoard.of(team,
                    services.carePlans("/fhir/CarePlan?cluster=" + cluster + "&_count=100", user.accessToken()),
                    services.referrals("/fhir/ServiceRequest?cluster=" + cluster + "&_count=100", user.accessToken()));
            return Templates.board(user, board, null);
        } catch (TeamServices.Unanswered e) {
            return Templates.board(user, new TeamBoard(team, List.of(), List.of()),
                    "The " + e.service + " service " + e.getMessage() + ": what it holds is not shown. Try again in"
                            + " a minute; if it lasts, tell the service desk.");
        }
    }
}
