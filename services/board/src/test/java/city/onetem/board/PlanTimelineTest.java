package city.onetem.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A plan's history read as people read it: who or which service changed it, and what. */
class PlanTimelineTest {

    @Test
    void eachVersionSaysWhoChangedWhatThroughWhichService() throws Exception {
        var history = new ObjectMapper().readTree("""
                {"resourceType":"Bundle","type":"history","entry":[
                 {"resource":{"resourceType":"CarePlan","status":"active","description":"Stay at home with my cat",
                   "meta":{"versionId":"3","lastUpdated":"2026-12-01T10:05:00Z","extension":[{"url":
                   "https://onetem.city/fhir/StructureDefinition/changed-by","valueString":"nurse.jones (R1C)"}]},
                   "activity":[{"reference":{"display":"Virtual ward (Respiratory) since 2026-12-01"}}]}},
                 {"resource":{"resourceType":"CarePlan","status":"active",
                   "meta":{"versionId":"2","lastUpdated":"2026-12-01T10:00:00Z","extension":[{"url":
                   "https://onetem.city/fhir/StructureDefinition/changed-by","valueString":
                   "event virtualward.admitted.v1 e-42 from /onetem/virtual-ward"}]},
                   "activity":[{"reference":{"display":"Virtual ward (Respiratory) since 2026-12-01"}}]}},
                 {"resource":{"resourceType":"CarePlan","status":"active",
                   "meta":{"versionId":"1","lastUpdated":"2026-12-01T09:00:00Z"}}}]}""");
        List<PersonPlan.Change> timeline = PlanTimeline.of(history);
        assertEquals(new PersonPlan.Change("3", "2026-12-01 10:05", "nurse.jones (R1C)", "One Team care plans",
                List.of("What matters: Stay at home with my cat")), timeline.get(0));
        assertEquals(new PersonPlan.Change("2", "2026-12-01 10:00", "Event virtualward.admitted.v1", "Virtual ward",
                List.of("Virtual ward (Respiratory) since 2026-12-01")), timeline.get(1));
        assertEquals(List.of("Plan started"), timeline.get(2).what());
        assertEquals("not recorded", timeline.get(2).who());
    }
}
