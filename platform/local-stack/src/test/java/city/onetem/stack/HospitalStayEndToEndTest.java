package city.onetem.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.TestEvents;
import city.onetem.platform.testing.TestNhsNumbers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A hospital stay across the discharge and care-plans processes on a real broker and database, as
 * the demo in ./run.sh sends it: admitted over MLLP, medically optimised on pathway 1 by the
 * discharge hub, discharged over MLLP, home with reablement on the person's One Team plan; and the
 * discharge service killed and started again with a message unacknowledged, which the hospital's
 * engine sends again: applied once. Seen from outside, as a hospital and a consumer of the
 * event catalogue (docs/events.md) see it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HospitalStayEndToEndTest {

    private static final Duration READY = Duration.ofSeconds(120);
    private static final Pattern STAY = Pattern.compile("Encounter/([0-9a-f-]{36})");

    private LocalStack stack;
    private String hub;
    private String careTeam;
    private String referrer;

    @BeforeAll
    void startStack() {
        stack = new LocalStack(LocalStack.findRoot(), Path.of("target", "e2e-hospital").toAbsolutePath(), false)
                .startInfrastructure();
        stack.service("discharge").start();
        stack.service("care-plans").start();
        stack.service("referrals").start(); // the person is referred first: their team then follows their plan
        stack.get("discharge").awaitReady(READY);
        stack.get("care-plans").awaitReady(READY);
        stack.get("referrals").awaitReady(READY);
        referrer = stack.keys().token("dr.patel", "J82001", "referring-system");
        hub = stack.keys().token("discharge.hub", "RHM", "discharge-hub");
        careTeam = stack.keys().member("nurse.jones", "R1C", "central", "community-nurse");
    }

    @AfterAll
    void stopStack() {
        stack.close();
    }

    @Test
    void theDemosHospitalStayReachesTheCarePlanHomeWithReablement() throws Exception {
        String nhsNumber = TestNhsNumbers.next();
        List<String> said = new ArrayList<>();
        // Known to the central team, as the demo's person is: a stay or a ward admission alone starts a plan no team holds.
        Demo.referToCentralTeam(stack, referrer, careTeam, nhsNumber);
        Demo.hospitalStay(stack, hub, careTeam, nhsNumber, said::add);
        String plan = Demo.carePlans(stack.get("care-plans").baseUrl(), careTeam, nhsNumber);
        assertTrue(plan.contains("Home from Southampton General Hospital with reablement since"), plan);
        assertTrue(plan.contains("Transition: left Southampton General Hospital on"), plan);
    }

    @Test
    void aMessageSentAgainAfterTheServiceWasKilledIsAppliedOnce() throws Exception {
        String nhsNumber = TestNhsNumbers.next();
        Demo.referToCentralTeam(stack, referrer, careTeam, nhsNumber);
        ZonedDateTime admitted = ZonedDateTime.now(ZoneId.of("Europe/London")).minusDays(1).withSecond(0).withNano(0);
        String visit = "V" + System.nanoTime();
        int port = stack.mllpPort("discharge");
        String admission = Demo.adt("A01", nhsNumber, visit, admitted, null);
        String ack = Demo.sendOverMllp(port, admission);
        Matcher stay = STAY.matcher(ack);
        stay.find();
        String stayId = stay.group(1);

        stack.get("discharge").kill();
        stack.get("discharge").start().awaitReady(READY);
        // The engine never saw its ACK (say): it sends the admission again, then the discharge.
        assertEquals(ack.substring(ack.indexOf("\rMSA|")), Demo.sendOverMllp(port, admission)
                .substring(ack.indexOf("\rMSA|")), "the same answer as the first time");
        Demo.sendOverMllp(port, Demo.adt("A03", nhsNumber, visit, admitted, admitted.plusHours(20)));
        Demo.awaitCarePlan(stack.get("care-plans").baseUrl(), careTeam, nhsNumber, "Discharged from Southampton General "
                + "Hospital", Duration.ofSeconds(20));

        List<ConsumerRecord<String, String>> records = TestEvents.read(stack.kafkaBootstrapServers(), "discharges.v1",
                Duration.ofSeconds(15), seen -> seen.stream().filter(r -> isAbout(r, stayId))
                        .map(r -> TestEvents.header(r, "ce_id")).distinct().count() >= 2);
        // Delivery is at least once: the kill may have come between publishing the admission and
        // marking it sent, so it can be on the topic twice with one ce_id. Applied twice would be two ids.
        Map<String, String> typeById = new LinkedHashMap<>();
        records.stream().filter(r -> isAbout(r, stayId))
                .forEach(r -> typeById.putIfAbsent(TestEvents.header(r, "ce_id"), TestEvents.header(r, "ce_type")));
        assertEquals(List.of("discharge.admitted.v1", "discharge.discharged.v1"), List.copyOf(typeById.values()));
    }

    private static boolean isAbout(ConsumerRecord<String, String> record, String stayId) {
        return ("Encounter/" + stayId).equals(TestEvents.header(record, "ce_subject"));
    }
}
