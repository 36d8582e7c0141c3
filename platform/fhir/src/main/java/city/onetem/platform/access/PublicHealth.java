package city.onetem.platform.access;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Uni;
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

    // The asynchronous reports, as SmallRye's own endpoint uses: the blocking ones give up after a
    // timeout with an exception (a 500) where a check still waiting on a broker that is down should
    // make the answer 503.
    @GET
    public Uni<Response> all() {
        return health.getHealthAsync().map(PublicHealth::statusOnly);
    }

    @GET
    @Path("ready")
    public Uni<Response> ready() {
        return health.getReadinessAsync().map(PublicHealth::statusOnly);
    }

    @GET
    @Path("live")
    public Uni<Response> live() {
        return health.getLivenessAsync().map(PublicHealth::statusOnly);
    }

    @GET
    @Path("started")
    public Uni<Response> started() {
        return health.getStartupAsync().map(PublicHealth::statusOnly);
    }

    @GET
    @Path("group/{group}")
    public Uni<Response> group(@PathParam("group") String group) {
        return health.getHealthGroupAsync(group).map(PublicHealth::statusOnly);
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
