package city.onetem.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.TestNhsNumbers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A virtual ward stay across the virtual-ward and care-plans processes on a real broker and
 * database, as the demo in ./run.sh runs it: stepped up to the respiratory ward, readings from
 * the monitoring kit that worsen, and NEWS2 escalations on the person's One Team plan.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VirtualWardEndToEndTest {

    private static final Duration READY = Duration.ofSeconds(120);

    private LocalStack stack;
    private String clinician;
    private String careTeam;
    private String referrer;

    @BeforeAll
    void startStack() {
        stack = new LocalStack(LocalStack.findRoot(), Path.of("target", "e2e-ward").toAbsolutePath(), false)
                .startInfrastructure();
        stack.service("virtual-ward").start();
        stack.service("care-plans").start();
        stack.service("referrals").start(); // the person is referred first: their team then follows their plan
        stack.get("virtual-ward").awaitReady(READY);
        stack.get("care-plans").awaitReady(READY);
        stack.get("referrals").awaitReady(READY);
        referrer = stack.keys().token("dr.patel", "J82001", "referring-system");
        clinician = stack.keys().token("dr.okafor", "R1C", "virtual-ward-clinician");
        careTeam = stack.keys().member("nurse.jones", "R1C", "central", "community-nurse");
    }

    @AfterAll
    void stopStack() {
        stack.close();
    }

    @Test
    void theDemosWorseningReadingsEscalateOnTheCarePlan() throws Exception {
        String nhsNumber = TestNhsNumbers.next();
        List<String> said = new ArrayList<>();
        // Known to the central team, as the demo's person is: a stay or a ward admission alone starts a plan no team holds.
        Demo.referToCentralTeam(stack, referrer, careTeam, nhsNumber);
        Demo.virtualWard(stack, clinician, careTeam, nhsNumber, said::add);
        assertTrue(said.stream().anyMatch(line -> line.endsWith("40 minutes ago: NEWS2 1 (low risk: ward-based response)")),
                String.join("\n", said));
        assertTrue(said.stream().anyMatch(line -> line.endsWith("20 minutes ago: NEWS2 5 (medium risk: urgent response)")),
                String.join("\n", said));
        String plan = Demo.carePlans(stack.get("care-plans").baseUrl(), careTeam, nhsNumber);
        assertTrue(plan.contains("Virtual ward (Respiratory) since"), plan);
        assertTrue(plan.contains("Urgent: NEWS2 5 (medium risk, urgent response)"), "the medium escalation: " + plan);
        assertTrue(plan.contains("Urgent: NEWS2 11 (high risk, emergency response)"), plan);
        assertEquals(1, plan.split("Urgent: NEWS2 11", -1).length - 1, "one escalation for one high score: " + plan);
    }
}
