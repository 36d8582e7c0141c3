package city.onetem.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.testing.TestNhsNumbers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * What the services logged during every end-to-end test of this run (target/e2e*&#47;logs), read
 * after them all: logs go to collectors many people can read, so they never carry an NHS number,
 * a person's name or what a clinician wrote about them; and the designed redelivery at shutdown
 * is not reported as an ERROR with a stack trace.
 */
@Order(Integer.MAX_VALUE)
class LogsEndToEndTest {

    /**
     * An NHS number, plain or spaced 3-3-4, in the ranges the tests use (999: TestNhsNumbers;
     * 943 476: the NHS test data the demo uses). Any 10 digits would also match epoch seconds and
     * offsets; the check digit and the ranges keep it to people.
     */
    private static final Pattern NHS_NUMBER = Pattern.compile(
            "(?<![0-9A-Za-z])((?:999|943)[ -]?\\d{3}[ -]?\\d{4})(?![0-9A-Za-z])");
    /** Names and clinical free text the end-to-end tests send (Demo, ReferralToCarePlan, Board). */
    private static final List<String> PERSONAL = List.of("leg ulcer", "lives alone", "DEMO^PERSON", "Nomad",
            "corner shop");

    @Test
    void noLogCarriesAnNhsNumberANameOrClinicalText() throws IOException {
        List<Path> logs = logs();
        assertTrue(logs.size() >= 5, "the end-to-end tests' logs: " + logs);
        List<String> found = new ArrayList<>();
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher number = NHS_NUMBER.matcher(line);
                while (number.find()) {
                    if (TestNhsNumbers.isValid(number.group(1).replaceAll("[ -]", ""))) {
                        found.add(where(log, i) + " NHS number " + number.group(1));
                    }
                }
                for (String personal : PERSONAL) {
                    if (line.contains(personal)) {
                        found.add(where(log, i) + " '" + personal + "'");
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void aRecordLeftForRedeliveryAtShutdownIsNotAnError() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path log : logs()) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                boolean redelivery = line.contains("left for redelivery");
                boolean error = line.contains(" ERROR ") || line.contains("\"level\":\"ERROR\"");
                boolean stack = i + 1 < lines.size() && lines.get(i + 1).startsWith("\tat ");
                if (redelivery && (error || stack) || error && line.contains("nacked, fail-stop")) {
                    found.add(where(log, i) + " " + line);
                }
            }
        }
        assertEquals(List.of(), found);
    }

    private static List<Path> logs() throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        try (Stream<Path> files = Files.walk(target, 3)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".log")
                    && path.getParent().getFileName().toString().equals("logs")
                    && target.relativize(path).toString().startsWith("e2e")).sorted().toList();
        }
    }

    private static String where(Path log, int line) {
        return log.getParent().getParent().getFileName() + "/" + log.getFileName() + ":" + (line + 1);
    }
}
