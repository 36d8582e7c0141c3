package city.onetem.discharge;

import static city.onetem.discharge.DischargeApi.HUB;
import static city.onetem.discharge.DischargeApi.http;
import static city.onetem.discharge.DischargeApi.visit;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.discharge.hl7.Hl7v2Resource;
import city.onetem.platform.access.Roles;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import city.onetem.platform.testing.fuzz.DatabaseSnapshot;
import city.onetem.platform.testing.fuzz.Fuzz;
import city.onetem.platform.testing.fuzz.FuzzTarget;
import city.onetem.platform.testing.fuzz.Gen;
import city.onetem.platform.testing.fuzz.ParkedEventEndpoints;
import city.onetem.platform.testing.fuzz.WriteEndpoint;
import city.onetem.platform.testing.fuzz.WriteEndpointFuzz;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every FHIR write of the discharge service, fuzzed as the other services' are: the discharge
 * hub's operations on a stay get mutated bodies, ids, If-Match and values; none gets a 5xx, and
 * a refusal is a 4xx OperationOutcome that leaves every row and the outbox as they were. And the
 * hospital feed: damaged ADT messages always get an ACK, and one refused (AE, AR) changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "discharge"))
class BadInputFuzzTest {

    static final String OPERATOR = DevKeys.forThisJvm().token("oncall.engineer", "R1C", Roles.OPERATOR);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyOperationAnswersBadInputWithA4xxOperationOutcomeAndWritesNothing() {
        DatabaseSnapshot snapshot = DatabaseSnapshot.of(dataSource)
                .counting("hospital_stay", "hospital_stay_version", "delay_day", "hl7_message", "outbox_event")
                .checksumOf("parked_event");
        FuzzTarget optimised = new FuzzTarget(stay(false, false));
        FuzzTarget pathway = new FuzzTarget(stay(false, false));
        FuzzTarget delayed = new FuzzTarget(stay(true, false));
        FuzzTarget accepted = new FuzzTarget(stay(false, false));
        FuzzTarget assessed = new FuzzTarget(stay(false, true));
        FuzzTarget reablement = new FuzzTarget(stay(false, true));

        WriteEndpointFuzz.of(URI.create("http://localhost:" + RestAssured.port + "/"), snapshot)
                .endpoint(operation("$medically-optimised", optimised, """
                        {"resourceType":"Parameters","parameter":[{"name":"time","valueDateTime":"2026-11-28T15:00:00Z"},
                         {"name":"pathway","valueInteger":2}]}"""))
                .endpoint(operation("$assign-pathway", pathway, """
                        {"resourceType":"Parameters","parameter":[{"name":"pathway","valueInteger":3},
                         {"name":"time","valueDateTime":"2026-11-28T16:00:00Z"}]}"""))
                .endpoint(operation("$delay-reason", delayed, """
                        {"resourceType":"Parameters","parameter":[{"name":"reason","valueCode":"awaiting-care-package"}]}"""))
                .endpoint(operation("$community-accepted", accepted, """
                        {"resourceType":"Parameters","parameter":[{"name":"service","valueString":"Reablement East"},
                         {"name":"time","valueDateTime":"2026-11-28T17:00:00Z"}]}"""))
                .endpoint(operation("$assessed-at-home", assessed, """
                        {"resourceType":"Parameters","parameter":[{"name":"time","valueDateTime":"2026-11-29T10:00:00Z"}]}"""))
                .endpoint(operation("$end-reablement", reablement, """
                        {"resourceType":"Parameters","parameter":[{"name":"outcome","valueCode":"no-ongoing-care"},
                         {"name":"time","valueDateTime":"2026-11-29T10:00:00Z"}]}"""))
                .endpoints(ParkedEventEndpoints.all(OPERATOR))
                .run();
    }

    /** An ADT message with a few edits as a broken engine or a damaged line might make them. */
    record MutatedAdt(String message, String edits) {
    }

    static final Gen<MutatedAdt> MUTATED_ADT = random -> {
        String trigger = List.of("A01", "A02", "A03", "A08", "A11", "A13", "A16").get(random.nextInt(7));
        String visit = "F" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        List<String> segments = new ArrayList<>(List.of(Adt.of(trigger, TestNhsNumbers.next(), visit)
                .controlId(visit).discharged("A03".equals(trigger) ? "20261129120000" : "").expected("20261202")
                .er7().split("\r")));
        StringBuilder edits = new StringBuilder();
        for (int edit = 0, count = 1 + random.nextInt(3); edit < count; edit++) {
            int at = random.nextInt(segments.size());
            String segment = segments.get(at);
            int position = segment.isEmpty() ? 0 : random.nextInt(segment.length());
            switch (random.nextInt(6)) {
                case 0 -> {
                    segments.remove(at);
                    edits.append("dropped segment ").append(at).append("; ");
                }
                case 1 -> {
                    segments.add(at, segment);
                    edits.append("repeated segment ").append(at).append("; ");
                }
                case 2 -> {
                    String character = String.valueOf("|^~\\&\r\nX9 ".charAt(random.nextInt(10)));
                    segments.set(at, segment.substring(0, position) + character + segment.substring(position));
                    edits.append("inserted ").append(character.replace("\r", "CR").replace("\n", "LF"))
                            .append(" in segment ").append(at).append(" at ").append(position).append("; ");
                }
                case 3 -> {
                    segments.set(at, segment.substring(0, position) + segment.substring(Math.min(segment.length(),
                            position + 1 + random.nextInt(8))));
                    edits.append("deleted characters of segment ").append(at).append(" from ").append(position).append("; ");
                }
                case 4 -> {
                    segments.set(at, segment.substring(0, position));
                    edits.append("cut segment ").append(at).append(" at ").append(position).append("; ");
                }
                default -> {
                    int other = random.nextInt(segments.size());
                    segments.set(at, segments.get(other));
                    segments.set(other, segment);
                    edits.append("swapped segments ").append(at).append(" and ").append(other).append("; ");
                }
            }
        }
        return new MutatedAdt(String.join("\r", segments) + "\r", edits.toString());
    };

    @Test
    void everyDamagedAdtMessageGetsAnAckAndOneRefusedChangesNothing() {
        DatabaseSnapshot snapshot = DatabaseSnapshot.of(dataSource)
                .counting("hospital_stay", "hospital_stay_version", "hl7_message", "outbox_event");
        Map<String, Integer> answers = new TreeMap<>();
        Fuzz.property("damaged ADT over /hl7v2", MUTATED_ADT, MutatedAdt::edits, MutatedAdt::message, mutated -> {
            var before = snapshot.take();
            Response answer = given().auth().oauth2(HUB).contentType(Hl7v2Resource.ER7)
                    .body(mutated.message().getBytes(StandardCharsets.UTF_8)).post("/hl7v2");
            assertEquals(200, answer.statusCode(), answer.asString());
            String ack = answer.asString();
            String code = DischargeApi.field(ack, "MSA", 1);
            assertTrue(List.of("AA", "AE", "AR").contains(code), "an ACK with MSA-1 AA, AE or AR: " + ack);
            answers.merge(code, 1, Integer::sum);
            if (!"AA".equals(code)) {
                assertTrue(!DischargeApi.field(ack, "MSA", 3).isBlank(), "a refusal says why: " + ack);
                // That answer is for the database being away; for a message, it would be a fault here.
                assertTrue(!ack.contains("could not store this message"), "the message's fault, named: " + ack);
                assertEquals(before, snapshot.take(), "a refused message changed nothing");
            }
        });
        System.out.println("  answers: " + answers);
        assertTrue(answers.getOrDefault("AE", 0) + answers.getOrDefault("AR", 0) > 0, "the damage was refused some of the time");
    }

    private static WriteEndpoint operation(String name, FuzzTarget target, String validParameters) {
        return WriteEndpoint.post("/fhir/Encounter/{id}/" + name).as(HUB).body(validParameters).target(target::id)
                .ifMatch(target::ifMatch).onAccepted(target::keep);
    }

    /** A stay admitted on 28 November over the feed; medically optimised, or discharged, as the operation needs. */
    private static Supplier<FuzzTarget.Made> stay(boolean optimised, boolean discharged) {
        return () -> {
            String nhs = TestNhsNumbers.next();
            String visit = visit();
            http(Adt.of("A01", nhs, visit).er7());
            String id = given().auth().oauth2(HUB).get("/fhir/Encounter?identifier=" + visit).then().statusCode(200)
                    .extract().path("entry[0].resource.id");
            if (optimised) {
                given().auth().oauth2(HUB).contentType("application/fhir+json").body("""
                        {"resourceType":"Parameters","parameter":[{"name":"time","valueDateTime":"2026-11-28T15:00:00Z"}]}""")
                        .post("/fhir/Encounter/" + id + "/$medically-optimised").then().statusCode(200);
            }
            if (discharged) {
                http(Adt.of("A03", nhs, visit).discharged("20261128180000").recorded("20261128180000").er7());
            }
            String version = given().auth().oauth2(HUB).get("/fhir/Encounter/" + id).then().statusCode(200)
                    .extract().path("meta.versionId");
            return new FuzzTarget.Made(id, Long.parseLong(version));
        };
    }
}
