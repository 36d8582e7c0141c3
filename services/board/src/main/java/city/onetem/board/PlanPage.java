package city.onetem.board;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * A person's One Team plan, live, and the changes the board makes to it: a task's next step and
 * a goal's words and status. Every change is made on the version the person saw (If-Match): when
 * someone else changed it first, care-plans refuses it (412), nothing is overwritten, and the page
 * shows what they changed beside what this person tried to.
 */
@Path("/plans/{id}")
public class PlanPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance plan(SignedIn user, PersonPlan plan, String liveTeam, Conflict conflict);

        static native TemplateInstance goal(SignedIn user, PersonPlan plan, PersonPlan.Goal goal, Conflict conflict,
                String tried, String triedStatus);

        static native TemplateInstance unavailable(SignedIn user, String message);
    }

    /** Someone else's change got there first: what it is now, who made it and when, and what this person tried. */
    public record Conflict(String what, String now, String changedBy, String when, String tried) {
    }

    @Inject
    SignedIn user;
    @Inject
    PersonPlans plans;
    @Inject
    TeamServices services;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response plan(@PathParam("id") String id) {
        return page(id, null, 200);
    }

    /** The task's next step ('start' or 'complete') on the version the page showed. */
    @POST
    @Path("tasks/{task}")
    @Produces(MediaType.TEXT_HTML)
    public Response task(@PathParam("id") String id, @PathParam("task") String task, @FormParam("step") String step,
            @FormParam("version") String version, @FormParam("csrf") String csrf) {
        user.checkForm(csrf);
        if (!"start".equals(step) && !"complete".equals(step)) {
            return Response.status(400).type(MediaType.TEXT_PLAIN_TYPE).entity("A task's step is start or complete")
                    .build();
        }
        TeamServices.Answer answer = services.change("care-plans", "POST", "/fhir/Task/" + encode(task) + "/$" + step,
                "{\"resourceType\":\"Parameters\"}", TeamServices.seen(version), user.accessToken());
        if (answer.status() == 412 || answer.status() == 409) {
            JsonNode now = read("/fhir/Task/" + encode(task));
            return page(id, new Conflict("task", now.path("description").asText() + " (" + now.path("status").asText()
                    + ")", PlanTimeline.changedBy(now), TeamBoards.minute(now.path("meta").path("lastUpdated").asText()),
                    ("start".equals(step) ? "Start" : "Complete") + " it"), 409);
        }
        return afterChange(id, answer);
    }

    @GET
    @Path("goals/{goal}")
    @Produces(MediaType.TEXT_HTML)
    public Response goal(@PathParam("id") String id, @PathParam("goal") String goal) {
        PersonPlan plan = plans.read(id, user.accessToken());
        return plan.goals().stream().filter(g -> g.id().equals(goal)).findFirst()
                .map(g -> Response.ok(Templates.goal(user, plan, g, null, g.description(), g.status())).build())
                .orElseGet(() -> Response.status(404).entity(Templates.unavailable(user,
                        "This plan has no goal " + goal + ".")).build());
    }

    /** The goal's words and status, changed on the version the edit page showed. */
    @POST
    @Path("goals/{goal}")
    @Produces(MediaType.TEXT_HTML)
    public Response editGoal(@PathParam("id") String id, @PathParam("goal") String goal,
            @FormParam("description") String description, @FormParam("status") String status,
            @FormParam("version") String version, @FormParam("csrf") String csrf) {
        user.checkForm(csrf);
        if (description == null || description.isBlank() || !PersonPlan.GOAL_STATUSES.contains(status)) {
            return Response.status(400).type(MediaType.TEXT_PLAIN_TYPE)
                    .entity("Say what the goal is, and choose one of its statuses").build();
        }
        // The goal as this person saw it, changed as they asked: sent on that version, never the latest.
        ObjectNode seen = (ObjectNode) read("/fhir/Goal/" + encode(goal) + "/_history/" + encode(version));
        seen.putObject("description").put("text", description.strip());
        seen.put("lifecycleStatus", status);
        seen.remove("meta");
        TeamServices.Answer answer = services.change("care-plans", "PUT", "/fhir/Goal/" + encode(goal), seen.toString(),
                TeamServices.seen(version), user.accessToken());
        if (answer.status() == 412) {
            PersonPlan plan = plans.read(id, user.accessToken());
            JsonNode now = read("/fhir/Goal/" + encode(goal));
            PersonPlan.Goal current = new PersonPlan.Goal(goal, now.path("meta").path("versionId").asText(),
                    now.path("description").path("text").asText(), now.path("lifecycleStatus").asText());
            return Response.status(409).entity(Templates.goal(user, plan, current, new Conflict("goal",
                    current.description() + " (" + current.status() + ")", PlanTimeline.changedBy(now),
                    TeamBoards.minute(now.path("meta").path("lastUpdated").asText()),
                    description.strip() + " (" + status + ")"), description.strip(), status)).build();
        }
        return afterChange(id, answer);
    }

    private Response page(String id, Conflict conflict, int status) {
        PersonPlan plan = plans.read(id, user.accessToken());
        String liveTeam = plan.team() != null && user.teams().contains(plan.team()) ? plan.team()
                : user.teams().isEmpty() ? null : user.teams().get(0);
        return Response.status(status).entity(Templates.plan(user, plan, liveTeam, conflict)).build();
    }

    /** Back to the plan once the change is made (303, so a reload does not send it again); else what went wrong. */
    private Response afterChange(String id, TeamServices.Answer answer) {
        if (answer.ok()) {
            return Response.seeOther(URI.create("/plans/" + encode(id))).build();
        }
        return Response.status(answer.status()).entity(Templates.unavailable(user, "care-plans did not make the change: "
                + answer.problem())).build();
    }

    private JsonNode read(String pathAndQuery) {
        return TeamServices.await(services.carePlans(pathAndQuery, user.accessToken()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
