package city.onetem.platform.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * An access matrix: every role, as someone related to the record (the same team, or the same
 * hospital) and as someone who is not, against each resource type and each operation it takes.
 * Each cell has a user of its own, so that its audit trail is its alone.
 */
public final class AccessMatrix {

    /** @param user the cell's own user (its token's sub) */
    public record Cell(String user, String role, boolean same, String type, String operation) {
    }

    /**
     * What a cell got: its HTTP status, and whether it reached the record (a search may answer
     * 200 without it; a change may reach it and be refused by the record's state, 409).
     */
    public record Answer(int status, boolean reached) {
    }

    private AccessMatrix() {
    }

    /** Every cell of these roles against these types and their operations, in a stable order. */
    public static List<Cell> cells(Collection<String> roles, Map<String, List<String>> operations) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Cell> cells = new ArrayList<>();
        for (String role : new TreeSet<>(roles)) {
            for (boolean same : new boolean[] {true, false}) {
                operations.forEach((type, typeOperations) -> typeOperations.forEach(operation -> cells.add(new Cell(
                        String.join(".", "m" + run, role, same ? "same" : "other", type, operation), role, same, type,
                        operation))));
            }
        }
        return cells;
    }

    /**
     * Performs every cell, in order, and asserts that each got the HTTP status expected and left
     * exactly one AuditEvent with its outcome, as {@code auditor} finds them.
     */
    public static void assertAsTheRulesSay(String auditor, Collection<String> roles,
            Map<String, List<String>> operations, ToIntFunction<Cell> perform, ToIntFunction<Cell> expected) {
        List<String> wrong = new ArrayList<>();
        Map<Cell, Integer> answered = new LinkedHashMap<>();
        for (Cell cell : cells(roles, operations)) {
            int status = perform.applyAsInt(cell);
            answered.put(cell, status);
            if (status != expected.applyAsInt(cell)) {
                wrong.add(cell.user() + ": " + status + ", expected " + expected.applyAsInt(cell));
            }
        }
        assertEquals(List.of(), wrong, "cells answered otherwise than the rules say");
        assertEquals(List.of(), notAuditedOnce(auditor, answered),
                "each access, allowed or refused, leaves exactly one AuditEvent");
    }

    /**
     * Performs every cell, in order, and asserts that each reached the record if and only if
     * {@code allowed} says so, and left exactly one AuditEvent with its outcome.
     */
    public static void assertReachedAsTheRulesSay(String auditor, Collection<String> roles,
            Map<String, List<String>> operations, Function<Cell, Answer> perform, Predicate<Cell> allowed) {
        List<String> wrong = new ArrayList<>();
        Map<Cell, Integer> answered = new LinkedHashMap<>();
        for (Cell cell : cells(roles, operations)) {
            Answer answer = perform.apply(cell);
            answered.put(cell, answer.status());
            if (answer.reached() != allowed.test(cell)) {
                wrong.add(cell.user() + ": " + answer + ", expected " + (allowed.test(cell) ? "allowed" : "refused"));
            }
        }
        assertEquals(List.of(), wrong, "cells answered otherwise than the rules say");
        assertEquals(List.of(), notAuditedOnce(auditor, answered),
                "each access, allowed or refused, leaves exactly one AuditEvent");
    }

    /**
     * The cells (with the HTTP status each got) whose audit trail is not exactly one AuditEvent
     * with that outcome (0 success, 4 refused), as the auditor finds them; empty when every one is.
     */
    public static List<String> notAuditedOnce(String auditor, Map<Cell, Integer> answered) {
        List<String> wrong = new ArrayList<>();
        answered.forEach((cell, status) -> {
            JsonPath trail = given().auth().oauth2(auditor).get("/fhir/AuditEvent?agent.identifier=" + cell.user())
                    .then().statusCode(200).extract().jsonPath();
            List<String> outcomes = trail.get("entry") == null ? List.of() : trail.getList("entry.resource.outcome");
            String outcome = status < 400 ? "0" : "4";
            if (!outcomes.equals(List.of(outcome))) {
                wrong.add(cell.user() + " (" + status + "): audit outcomes " + outcomes + ", expected exactly one, "
                        + outcome);
            }
        });
        return wrong;
    }
}
