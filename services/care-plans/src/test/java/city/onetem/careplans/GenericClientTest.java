package city.onetem.careplans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.testing.GenericClients;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * The care-plans service as a standard FHIR client sees it: HAPI's generic client, not adjusted
 * for this server, creates (conditionally too), reads, vreads, updates (getting the id and
 * version back), follows _history and the next page of a search, and runs the operations, for
 * every resource type the service exposes, over the real database and broker.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class GenericClientTest {

    static final String SYSTEM = "https://gp-system.example/id";

    @Test
    void theCapabilityStatementListsEveryTypeWithConditionalCreate() {
        CapabilityStatement statement = client().capabilities().ofType(CapabilityStatement.class).execute();
        Set<String> created = new HashSet<>();
        statement.getRestFirstRep().getResource().stream()
                .filter(r -> r.getInteraction().stream().anyMatch(i -> i.getCode() == TypeRestfulInteraction.CREATE))
                .forEach(r -> {
                    created.add(r.getType());
                    assertTrue(r.getConditionalCreate(), r.getType() + " takes If-None-Exist");
                });
        assertEquals(Set.of("CarePlan", "CareTeam", "Goal", "QuestionnaireResponse", "Consent", "Task"), created);
        assertTrue(statement.getRestFirstRep().getResource().stream().anyMatch(r -> r.getType().equals("AuditEvent")),
                "the audit trail is searchable");
    }

    @Test
    void carePlan() {
        String nhs = TestNhsNumbers.next();
        CarePlan plan = new CarePlan().setStatus(CarePlan.CarePlanStatus.ACTIVE).setIntent(CarePlan.CarePlanIntent.PLAN)
                .setDescription("What matters to me: my garden").setSubject(person(nhs));
        String id = lifeCycle(CarePlan.class, plan, p -> p.setDescription("What matters to me: my garden and my dog"));
        Parameters review = new Parameters();
        review.addParameter().setName("attended").setValue(new StringType("Community nursing"));
        review.addParameter().setName("summary").setValue(new StringType("Managing well"));
        CarePlan reviewed = client().operation().onInstance(new IdType("CarePlan", id)).named("$mdt-review")
                .withParameters(review).returnResourceType(CarePlan.class).execute();
        assertEquals("3", reviewed.getMeta().getVersionId());
    }

    @Test
    void careTeam() {
        String nhs = TestNhsNumbers.next();
        CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE).setName("One Team").setSubject(person(nhs));
        team.addParticipant().setMember(new Reference().setDisplay("Ann Lee")).addRole().setText("community nurse");
        lifeCycle(CareTeam.class, team, t -> t.setName("One Team (east)"));
    }

    @Test
    void anObjectionToSharing() {
        String nhs = TestNhsNumbers.next();
        lifeCycle(Consent.class, ConsentTest.objection(nhs, "VS001"), c -> c.setStatus(Consent.ConsentState.INACTIVE));
    }

    @Test
    void goalsAPageAtATime() {
        String nhs = TestNhsNumbers.next();
        lifeCycle(Goal.class, goal(nhs, "Walk to the corner shop again"), g -> g.getDescription().setText("Walk to the park"));
        client().create().resource(goal(nhs, "Make my own lunch")).execute();
        assertEquals(2, everyPage(Goal.class, nhs));
    }

    @Test
    void assessment() {
        String nhs = TestNhsNumbers.next();
        QuestionnaireResponse assessment = new QuestionnaireResponse()
                .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
                .setQuestionnaire(CarePlanContract.COMMON_ASSESSMENT).setSubject(person(nhs));
        assessment.addItem().setLinkId("mobility").setText("Mobility").addAnswer().setValue(new StringType("Frame"));
        lifeCycle(QuestionnaireResponse.class, assessment, a -> a.getItemFirstRep().getAnswerFirstRep()
                .setValue(new StringType("Walks unaided")));
    }

    @Test
    void tasksAPageAtATimeAndTheirOperations() {
        String nhs = TestNhsNumbers.next();
        String id = lifeCycle(Task.class, task(nhs, "Falls risk assessment at home"),
                t -> t.setDescription("Falls risk assessment at home, with the OT"));
        client().create().resource(task(nhs, "Order a perching stool")).execute();
        assertEquals(2, everyPage(Task.class, nhs));
        Parameters assign = new Parameters();
        assign.addParameter().setName("owner").setValue(new StringType("Sam Okoro, OT"));
        MethodOutcome assigned = client().operation().onInstance(new IdType("Task", id)).named("$assign")
                .withParameters(assign).returnMethodOutcome().execute();
        assertEquals("3", assigned.getResource().getMeta().getVersionId());
        Task started = client().operation().onInstance(new IdType("Task", id)).named("$start")
                .withNoParameters(Parameters.class).returnResourceType(Task.class).execute();
        assertEquals(Task.TaskStatus.INPROGRESS, started.getStatus());
        assertEquals("4", started.getMeta().getVersionId());
    }

    /**
     * Creates the resource conditionally (twice: one made), reads and vreads it, updates it as
     * read and gets the new id and version back, and reads both versions from _history.
     */
    private <T extends DomainResource> String lifeCycle(Class<T> type, T resource, Consumer<T> change) {
        String value = UUID.randomUUID().toString();
        Identifier identifier = new Identifier().setSystem(SYSTEM).setValue(value);
        if (resource instanceof QuestionnaireResponse assessment) {
            assessment.setIdentifier(identifier);
        } else {
            ca.uhn.fhir.context.FhirContext.forR4Cached().newTerser().addElement(resource, "identifier");
            ca.uhn.fhir.context.FhirContext.forR4Cached().newTerser().getValues(resource, "identifier", Identifier.class)
                    .get(0).setSystem(SYSTEM).setValue(value);
        }
        String condition = resource.fhirType() + "?identifier=" + SYSTEM + "|" + value;
        MethodOutcome created = client().create().resource(resource).conditionalByUrl(condition).execute();
        assertTrue(created.getCreated(), type.getSimpleName() + " created");
        String id = created.getId().getIdPart();
        assertEquals("1", created.getId().getVersionIdPart());
        MethodOutcome again = client().create().resource(resource).conditionalByUrl(condition).execute();
        assertFalse(Boolean.TRUE.equals(again.getCreated()), "the same " + type.getSimpleName() + " again makes none");
        assertEquals(id, again.getId().getIdPart());

        T read = client().read().resource(type).withId(id).execute();
        assertEquals("1", read.getMeta().getVersionId());
        assertEquals(id, client().read().resource(type).withIdAndVersion(id, "1").execute().getIdElement().getIdPart());

        change.accept(read);
        MethodOutcome updated = client().update().resource(read).execute();
        assertEquals(id, updated.getId().getIdPart());
        assertEquals("2", updated.getId().getVersionIdPart());

        Bundle history = client().history().onInstance(new IdType(type.getSimpleName(), id)).returnBundle(Bundle.class)
                .execute();
        assertEquals(List.of("2", "1"), history.getEntry().stream()
                .map(e -> e.getResource().getMeta().getVersionId()).toList());
        return id;
    }

    /** Searches the person's resources of this type one a page, following next links; how many were found. */
    private int everyPage(Class<? extends DomainResource> type, String nhs) {
        Bundle page = client().search().forResource(type)
                .where(new TokenClientParam("patient.identifier").exactly().systemAndCode(NhsNumber.SYSTEM, nhs))
                .count(1).returnBundle(Bundle.class).execute();
        Set<String> ids = new HashSet<>();
        int pages = 0;
        while (true) {
            pages++;
            page.getEntry().forEach(e -> ids.add(e.getResource().getIdElement().getIdPart()));
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = client().loadPage().next(page).execute();
        }
        assertNotNull(page.getTotalElement().getValue(), "the last page says how many");
        assertNull(page.getLink(Bundle.LINK_NEXT));
        assertEquals(ids.size(), pages, "one a page, each once");
        return ids.size();
    }

    /** Made per call: the port is known once Quarkus has started. */
    private static IGenericClient client() {
        return GenericClients.of(CarePlanEditingTest.NURSE);
    }

    private static Reference person(String nhs) {
        return new Reference().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(nhs));
    }

    private static Goal goal(String nhs, String text) {
        Goal goal = new Goal().setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE).setSubject(person(nhs));
        goal.getDescription().setText(text);
        goal.addTarget().setDue(new DateType("2027-02-01"));
        return goal;
    }

    private static Task task(String nhs, String description) {
        Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER)
                .setDescription(description);
        task.setFor(person(nhs));
        return task;
    }
}
