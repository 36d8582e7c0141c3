package city.onetem.board;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.time.Instant;

/**
 * The SPA coordinators' queues (awaiting triage, to categorise, NHS number to trace, unrouted)
 * with each one's action, taken at referrals on the version the page showed (If-Match): when
 * another coordinator acted first, nothing is done twice and the page says what they did.
 */
@Path("/spa")
public class SpaPage {

    private static final ObjectMapper JSON = new ObjectMapper();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance queues(SignedIn user, SpaQueues.Queues spa, String outcome, boolean refused);
    }

    @Inject
    SignedIn user;
    @Inject
    SpaQueues queues;
    @Inject
    TeamServices services;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response queues() {
        return page(null, false, 200);
    }

    /** Triage: 'priority', and the service ('category') or the team ('cluster') when the queue asks for it. */
    @POST
    @Path("referrals/{id}/triage")
    @Produces(MediaType.TEXT_HTML)
    public Response triage(@PathParam("id") String id, @FormParam("priority") String priority,
            @FormParam("category") String category, @FormParam("cluster") String cluster,
            @FormParam("version") String version, @FormParam("csrf") String csrf) {
        user.checkForm(csrf);
        ObjectNode parameters = parameters();
        add(parameters, "priority", "valueCode", priority);
        add(parameters, "category", "valueCode", category);
        add(parameters, "cluster", "valueCode", cluster);
        return act(id, "$triage", parameters, version, "Triage");
    }

    /** The NHS number a trace found ('nhsNumber'), and the person's GP practice if it found that too. */
    @POST
    @Path("referrals/{id}/trace")
    @Produces(MediaType.TEXT_HTML)
    public Response trace(@PathParam("id") String id, @FormParam("nhsNumber") String nhsNumber,
            @FormParam("practice") String practice, @FormParam("version") String version,
            @FormParam("csrf") String csrf) {
        user.checkForm(csrf);
        ObjectNode parameters = parameters();
        add(parameters, "nhs-number", "valueString", nhsNumber == null ? null : nhsNumber.replaceAll("\\s", ""));
        add(parameters, "practice", "valueString", practice == null ? null : practice.strip().toUpperCase());
        return act(id, "$trace", parameters, version, "Trace");
    }

    private Response act(String id, String operation, ObjectNode parameters, String version, String what) {
        if (!user.coordinatesSpa()) {
            return refusedToOthers();
        }
        TeamServices.Answer answer = services.change("referrals", "POST", "/fhir/ServiceRequest/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/" + operation, parameters.toString(),
                TeamServices.seen(version), user.accessToken());
        if (answer.ok()) {
            return Response.seeOther(URI.create("/spa")).build();
        }
        if (answer.status() == 412 || answer.status() == 409) {
            JsonNode now = TeamServices.await(services.referrals("/fhir/ServiceRequest/"
                    + URLEncoder.encode(id, StandardCharsets.UTF_8), user.accessToken()));
            return page(what + " was not done: another coordinator acted on this referral first (" + ReferralWords
                    .state(now) + ", by " + PlanTimeline.changedBy(now) + " at " + TeamBoards.minute(now.path("meta")
                            .path("lastUpdated").asText()) + "). It is shown below as it is now.", true, 409);
        }
        return page(what + " was not done: " + answer.problem(), true, answer.status());
    }

    private Response page(String outcome, boolean refused, int status) {
        if (!user.coordinatesSpa()) {
            return refusedToOthers();
        }
        return Response.status(status).entity(Templates.queues(user, queues.read(user.accessToken(), Instant.now()),
                outcome, refused)).build();
    }

    private Response refusedToOthers() {
        return Response.status(403).entity(PlanPage.Templates.unavailable(user, "The SPA's queues are for its"
                + " coordinators; your sign-in does not name that role.")).build();
    }

    private static ObjectNode parameters() {
        ObjectNode parameters = JSON.createObjectNode().put("resourceType", "Parameters");
        parameters.putArray("parameter");
        return parameters;
    }

    private static void add(ObjectNode parameters, String name, String type, String value) {
        if (value != null && !value.isBlank()) {
            ((ArrayNode) parameters.get("parameter")).addObject().put("name", name).put(type, value.strip());
        }
    }
}
