package city.onetem.platform.access;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Health for anyone (load balancers, Kubernetes probes, the local stack): each check's name and
 * status, and 503 when one is down. The details (backlogs, record positions, error texts) are
 * only at /admin/health for the service administrator, since they can say more than an
 * anonymous caller should know.
 */
@Path("/q/health")
@PermitAll
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class PublicHealth {

    @Inject
    SmallRyeHealthReporter health;

    @GET
    public Response all() {
        return statusOnly(health.getHealth());
    }

    @GET
    @Path("ready")
    public Response ready() {
        return statusOnly(health.getReadiness());
    }

    @GET
    @Path("live")
    public Response live() {
        return statusOnly(health.getLiveness());
    }

    @GET
    @Path("started")
    public Response started() {
        return statusOnly(health.getStartup());
    }

    @GET
    @Path("group/{group}")
    public Response group(@PathParam("group") String group) {
        return statusOnly(health.getHealthGroup(group));
    }

    private static Response statusOnly(SmallRyeHealth result) {
        JsonObject payload = result.getPayload();
        JsonArrayBuilder checks = Json.createArrayBuilder();
        for (JsonValue check : payload.getJsonArray("checks")) {
            JsonObject named = check.asJsonObject();
            checks.add(Json.createObjectBuilder().add("name", named.getString("name"))
                    .add("status", named.getString("status")));
        }
        JsonObject body = Json.createObjectBuilder().add("status", payload.getString("status")).add("checks", checks)
                .build();
        return Response.status(result.isDown() ? 503 : 200).entity(body.toString()).build();
    }
}
