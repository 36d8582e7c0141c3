package city.onetem.board;

import static city.onetem.board.FhirNames.extension;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The virtual wards' clinicians' worklist: every open NEWS2 escalation and missed-reading alert on
 * the wards, newest first, each acknowledged here (once: a second clinician is told who did).
 */
@Path("/ward")
public class WardPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance escalations(SignedIn user, List<Alert> alerts, String problem, String outcome);
    }

    /** An open escalation or alert, as the clinician reads it. */
    public record Alert(String id, String nhsNumber, String says, String raised, String due, String acknowledgedBy,
            boolean escalation) {
    }

    @Inject
    SignedIn user;
    @Inject
    TeamServices services;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response escalations() {
        return page(null, 200);
    }

    @POST
    @Path("flags/{id}/acknowledge")
    @Produces(MediaType.TEXT_HTML)
    public Response acknowledge(@PathParam("id") String id, @FormParam("csrf") String csrf) {
        user.checkForm(csrf);
        if (!user.looksAfterTheWards()) {
            return refused();
        }
        TeamServices.Answer answer = services.change("virtual ward", "POST", "/fhir/Flag/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/$acknowledge", "", null, user.accessToken());
        if (answer.ok()) {
            return Response.seeOther(URI.create("/ward")).build();
        }
        return page("Not acknowledged: " + answer.problem(), answer.status());
    }

    private Response page(String outcome, int status) {
        if (!user.looksAfterTheWards()) {
            return refused();
        }
        List<String> problems = new ArrayList<>();
        JsonNode flags = TeamServices.orProblem(services.virtualWard("/fhir/Flag?status=active&_count=200",
                user.accessToken()), problems);
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode entry : flags == null ? List.<JsonNode>of() : flags.path("entry")) {
            JsonNode flag = entry.path("resource");
            JsonNode escalation = extension(flag, FhirNames.NEWS2_ESCALATION);
            alerts.add(new Alert(flag.path("id").asText(), NhsNumbers.spaced(flag.path("subject").path("identifier")
                    .path("value").asText()), flag.path("code").path("text").asText(),
                    TeamBoards.minute(flag.path("period").path("start").asText("")),
                    TeamBoards.minute(extension(escalation, "due").path("valueDateTime").asText("")),
                    extension(escalation, "acknowledgedBy").path("valueString").asText(null),
                    !escalation.isMissingNode()));
        }
        return Response.status(status).entity(Templates.escalations(user, alerts,
                problems.isEmpty() ? null : problems.get(0), outcome)).build();
    }

    private Response refused() {
        return Response.status(403).entity(PlanPage.Templates.unavailable(user, "The escalations worklist is for the"
                + " virtual wards' clinicians; your sign-in does not name that role.")).build();
    }
}
