package city.onetem.careplans;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.ConditionalCreate;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.OperationParameters;
import city.onetem.platform.store.Bundles;
import city.onetem.platform.store.ResourceReads;
import city.onetem.platform.store.StoredSearch;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.hl7.fhir.r4.model.Task;

/**
 * Tasks on people's plans. Assign, start and complete are operations on one task, so nobody has
 * to rewrite the whole plan (or the whole task) to tick something off.
 */
@Path("/fhir/Task")
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@RolesAllowed(Roles.CARE_TEAM)
public class TaskResource {

    @Inject
    Tasks tasks;
    @Inject
    Caller caller;
    @Inject
    CareRelationships relationships;
    @Context
    UriInfo uri;

    /** 201; with If-None-Exist: identifier=system|value, 200 with the task that carries it already. */
    @POST
    public Response create(Task task, @HeaderParam("If-None-Exist") String ifNoneExist) {
        ConditionalCreate condition = ConditionalCreate.parse("Task", ifNoneExist, task);
        return ResourceReads.created(uri, "Task", tasks.create(task, caller.describe(), condition));
    }

    @GET
    @Path("{id}")
    public Response read(@PathParam("id") String id) {
        return ResourceReads.read(Task.class, id, relationships.require(TaskRecord.findById(id)));
    }

    @GET
    @Path("{id}/_history/{version}")
    public Response vread(@PathParam("id") String id, @PathParam("version") long version) {
        relationships.require(TaskRecord.findById(id));
        return ResourceReads.vread(Task.class, id, version, TaskVersion.find(id, version));
    }

    @GET
    @Path("{id}/_history")
    public Bundle history(@PathParam("id") String id) {
        relationships.require(TaskRecord.findById(id));
        return ResourceReads.history(Task.class, id, baseUrl(), TaskVersion.of(id));
    }

    /**
     * By person (patient.identifier), owner (identifier value or name), the cluster team holding the
     * person's plan (cluster: a team's task list, for its board), status and _lastUpdated; newest first.
     */
    @GET
    public Bundle search() {
        StoredSearch search = new StoredSearch(uri.getQueryParameters(), Set.of("owner", "cluster"));
        if (search.person() == null && search.value("owner") == null && search.value("cluster") == null) {
            throw FhirException.badRequest("Search tasks by the person (patient.identifier), the owner (owner) or"
                    + " your team (cluster), with status if you like");
        }
        if (search.value("owner") != null) {
            search.where("owner = :owner", "owner", search.value("owner"));
        }
        if (search.person() != null) {
            relationships.require(search.person().value());
        } else if (search.value("cluster") != null) {
            relationships.requireTeam(search.value("cluster"));
            search.where("nhsNumber in (select p.nhsNumber from CarePlanRecord p where p.cluster = :cluster)",
                    "cluster", search.value("cluster"));
            relationships.withoutRefusals(search);
        } else {
            relationships.restrict(search);
        }
        List<String> found = search.page(TaskRecord.<TaskRecord>find(search.jpql(), search.parameters()))
                .stream().map(t -> t.resource).toList();
        return Bundles.searchSet(Task.class, baseUrl(), uri, search, found);
    }

    /** Replaces the task as a whole, on the version named in If-Match (required: 428 without, 412 if stale). */
    @PUT
    @Path("{id}")
    public Response update(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Task edited) {
        relationships.require(TaskRecord.findById(id));
        if (ifMatch == null) {
            throw FhirException.versionRequired("Send If-Match: W/\"<version>\" with the version of Task/" + id
                    + " you edited, so that nobody's change is overwritten");
        }
        return answer(tasks.replace(id, ifMatch, edited, caller.describe()));
    }

    /** Gives the task to someone: 'owner' (a name) and optionally 'ownerIdentifier' (e.g. an ODS or staff id). */
    @POST
    @Path("{id}/$assign")
    public Response assign(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        relationships.require(TaskRecord.findById(id));
        OperationParameters in = new OperationParameters("$assign", body);
        String owner = in.requiredText("owner", "who is to do it");
        String ownerIdentifier = in.text("ownerIdentifier").orElse(null);
        return answer(tasks.change(id, ifMatch, caller.describe(), task -> {
            task.setOwner(new Reference().setDisplay(owner).setIdentifier(ownerIdentifier == null ? null
                    : new Identifier().setValue(ownerIdentifier)));
            if (task.getStatus() == TaskStatus.REQUESTED) {
                task.setStatus(TaskStatus.ACCEPTED);
            }
        }));
    }

    @POST
    @Path("{id}/$start")
    public Response start(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        relationships.require(TaskRecord.findById(id));
        return answer(tasks.change(id, ifMatch, caller.describe(), task -> task.setStatus(TaskStatus.INPROGRESS)));
    }

    /** Done, with an optional 'note' of what was done. */
    @POST
    @Path("{id}/$complete")
    public Response complete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, Parameters body) {
        relationships.require(TaskRecord.findById(id));
        String note = new OperationParameters("$complete", body).text("note").orElse(null);
        return answer(tasks.change(id, ifMatch, caller.describe(), task -> {
            task.setStatus(TaskStatus.COMPLETED);
            if (note != null) {
                task.addNote().setText(note).setTime(new java.util.Date());
            }
        }));
    }

    private Response answer(TaskRecord record) {
        return ResourceReads.written(uri, "Task", record);
    }

    private String baseUrl() {
        return uri.getBaseUriBuilder().path("fhir").path("Task").build().toString();
    }
}
