package city.onetem.platform.relationships;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.ReferralContract;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.NhsNumber;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** What the other services learn of a plan: only who may see whom, read the same from the plan and the event. */
class PlanRelationshipsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theEventSaysWhatThePlanSaysOfWhoMaySeeWhomAndNothingElse() throws Exception {
        CarePlan plan = plan();
        PlanRelationships fromPlan = PlanRelationships.of(plan);
        assertEquals(new PlanRelationships("p1", 7, "active", "9434765919", "central",
                List.of(new PlanRelationships.Objection("Consent/c1", "RX1", "SCC01")),
                List.of("https://onetem.city/Id/user|nurse.east")), fromPlan);
        // The whole plan as other services read JSON says the same.
        assertEquals(fromPlan, PlanRelationships.of(JSON.readTree(Fhir.toJson(plan))));

        String event = fromPlan.toJson();
        assertEquals(fromPlan, PlanRelationships.of(JSON.readTree(event)));
        assertEquals(fromPlan, PlanRelationships.of(Fhir.parse(CarePlan.class, event)), "a valid FHIR CarePlan");
        assertFalse(event.contains("Lives alone"), "no clinical content: " + event);
        assertFalse(event.contains("Leg ulcer"), event);
    }

    @Test
    void onlyTheHoldingTeamStatusPlanAndObjectionsChangeAccess() {
        PlanRelationships before = PlanRelationships.of(plan());
        CarePlan later = plan();
        later.getMeta().setVersionId("8");
        later.addActivity().getDetail().setDescription("Weekly dressing change");
        assertTrue(before.sameAccessAs(PlanRelationships.of(later)), "a new task changes nobody's access");

        later.getExtensionByUrl(CarePlanContract.CLUSTER_EXTENSION)
                .setValue(new Identifier().setSystem(ReferralContract.CLUSTER_SYSTEM).setValue("west"));
        assertFalse(before.sameAccessAs(PlanRelationships.of(later)), "another team holds it");

        CarePlan withdrawn = plan();
        withdrawn.getExtension().removeIf(e -> CarePlanContract.SHARING_OBJECTION_EXTENSION.equals(e.getUrl()));
        assertFalse(before.sameAccessAs(PlanRelationships.of(withdrawn)), "the objection withdrawn");

        CarePlan offTheTeam = plan();
        offTheTeam.getExtension().removeIf(e -> CarePlanContract.CARE_TEAM_MEMBER_EXTENSION.equals(e.getUrl()));
        assertFalse(before.sameAccessAs(PlanRelationships.of(offTheTeam)), "taken off the care team");

        CarePlan completed = plan().setStatus(CarePlan.CarePlanStatus.COMPLETED);
        assertFalse(before.sameAccessAs(PlanRelationships.of(completed)), "the plan completed");
        assertFalse(before.sameAccessAs(null), "a new plan");
    }

    private static CarePlan plan() {
        CarePlan plan = new CarePlan().setStatus(CarePlan.CarePlanStatus.ACTIVE).setIntent(CarePlan.CarePlanIntent.PLAN)
                .setDescription("Lives alone; Leg ulcer")
                .setSubject(new Reference().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM)
                        .setValue("9434765919")));
        plan.setId("p1");
        plan.getMeta().setVersionId("7");
        plan.addExtension(CarePlanContract.CLUSTER_EXTENSION,
                new Identifier().setSystem(ReferralContract.CLUSTER_SYSTEM).setValue("central"));
        Extension objection = plan.addExtension().setUrl(CarePlanContract.SHARING_OBJECTION_EXTENSION);
        objection.addExtension("consent", new Reference("Consent/c1"));
        objection.addExtension("recipient", new StringType("RX1"));
        objection.addExtension("keeper", new StringType("SCC01"));
        Extension member = plan.addExtension().setUrl(CarePlanContract.CARE_TEAM_MEMBER_EXTENSION);
        member.addExtension("careTeam", new Reference("CareTeam/t1"));
        member.addExtension("member", new Identifier().setSystem("https://onetem.city/Id/user").setValue("nurse.east"));
        return plan;
    }
}
