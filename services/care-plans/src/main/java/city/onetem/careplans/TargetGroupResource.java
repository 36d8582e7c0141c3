package city.onetem.careplans;

import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.FhirException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The groups clusters look for in their caseloads, as data: the city adds or renames one here
 * and plans can be put in it (CarePlan.category) and found by it (?target-group=) at once.
 */
@Path("/careplans/target-groups")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CARE_TEAM)
public class TargetGroupResource {

    public record Group(String code, String name) {
    }

    @GET
    public List<Group> list() {
        return TargetGroup.<TargetGroup>listAll(io.quarkus.panache.common.Sort.by("code")).stream()
                .map(group -> new Group(group.code, group.name)).toList();
    }

    /** Adds or renames a group. Body: {"name": "People with dementia"} */
    @PUT
    @Path("{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Group put(@PathParam("code") String code, Group body) {
        if (!code.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw FhirException.invalid("code", "'" + code + "' is not a code: lower-case words joined by hyphens, "
                    + "e.g. dementia");
        }
        if (body == null || body.name() == null || body.name().isBlank()) {
            throw FhirException.invalid("name", "Give the group a name people will recognise: {\"name\": \"...\"}");
        }
        TargetGroup group = TargetGroup.<TargetGroup>findByIdOptional(code).orElseGet(() -> {
            TargetGroup added = new TargetGroup();
            added.code = code;
            return added;
        });
        group.name = body.name().trim();
        group.persist();
        return new Group(group.code, group.name);
    }
}
