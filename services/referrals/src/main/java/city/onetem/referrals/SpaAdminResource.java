package city.onetem.referrals;

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
import java.util.Map;

/**
 * The cluster map as data: which GP practice's people go to which cluster. The SPA team keeps
 * it current; a change applies to referrals received from then on.
 */
@Path("/spa")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SPA)
public class SpaAdminResource {

    public record PracticeRoute(String odsCode, String name, String cluster) {
    }

    public record ClusterPractices(String code, String name, List<String> practices) {
    }

    @GET
    @Path("clusters")
    public List<ClusterPractices> clusters() {
        Map<String, List<String>> practices = new java.util.TreeMap<>();
        Practice.<Practice>listAll().forEach(p -> practices.computeIfAbsent(p.clusterCode, c -> new java.util.ArrayList<>())
                .add(p.odsCode));
        return Cluster.<Cluster>listAll().stream()
                .map(c -> new ClusterPractices(c.code, c.name, practices.getOrDefault(c.code, List.of()).stream()
                        .sorted().toList()))
                .toList();
    }

    /** Puts a practice in a cluster (adding the practice if new). Body: {"cluster": "east", "name": "..."} */
    @PUT
    @Path("practices/{ods}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public PracticeRoute route(@PathParam("ods") String ods, PracticeRoute body) {
        if (body == null || body.cluster() == null || Cluster.findById(body.cluster()) == null) {
            throw FhirException.invalid("cluster", "Name an existing cluster: GET /spa/clusters lists them");
        }
        if (!ods.matches("[A-Z0-9]{3,10}")) {
            throw FhirException.invalid("ods", "'" + ods + "' is not an ODS code (upper-case letters and digits)");
        }
        Practice practice = Practice.<Practice>findByIdOptional(ods).orElseGet(() -> {
            Practice created = new Practice();
            created.odsCode = ods;
            return created;
        });
        practice.clusterCode = body.cluster();
        if (body.name() != null) {
            practice.name = body.name();
        }
        practice.persist();
        return new PracticeRoute(practice.odsCode, practice.name, practice.clusterCode);
    }
}
