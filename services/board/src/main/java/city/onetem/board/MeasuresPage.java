package city.onetem.board;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;

/** The measures as charts (uPlot), each with its figures as a table too. */
@Path("/measures")
public class MeasuresPage {

    private static final ObjectMapper JSON = new ObjectMapper();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance measures(SignedIn user, List<Measure> measures, String data);
    }

    @Inject
    SignedIn user;
    @Inject
    Measures measures;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("team") String asked) throws JsonProcessingException {
        String team = user.teams().isEmpty() ? null : user.team(asked);
        List<Measure> shown = measures.read(team, user.accessToken(), LocalDate.now(TeamBoards.CITY));
        // The charts' figures for charts.js; '<' escaped so that no figure can end the script element.
        return Templates.measures(user, shown, JSON.writeValueAsString(shown).replace("<", "\\u003c"));
    }
}
