package city.onetem.virtualward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/**
 * Observations as monitoring kit and staff send them (FHIR R4 vital-signs profile: LOINC code,
 * UCUM quantity; ACVPU and air or oxygen as SNOMED CT values) read as NEWS2 readings.
 */
class ReadingsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final String TAKEN = "2026-11-30T09:58:00Z";

    @Test
    void eachVitalSignAsTheFhirVitalSignsProfileSendsIt() {
        assertEquals(new BigDecimal("18"), read(quantity("9279-1", "18", "/min")).measured());
        assertEquals(Vital.OXYGEN_SATURATION, read(quantity("59408-5", "95", "%")).vital());
        assertEquals(Vital.OXYGEN_SATURATION, read(quantity("2708-6", "95", "%")).vital());
        assertEquals(Vital.PULSE, read(quantity("8867-4", "88", "/min")).vital());
        assertEquals(new BigDecimal("37.4"), read(quantity("8310-5", "37.4", "Cel")).measured());
        assertEquals(Vital.SYSTOLIC_PRESSURE, read(quantity("8480-6", "128", "mm[Hg]")).vital());
        Reading panel = read("""
                {"resourceType":"Observation","status":"final","effectiveDateTime":"%s",
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
                 "code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},
                 "component":[
                  {"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":132,"system":"http://unitsofmeasure.org","code":"mm[Hg]"}},
                  {"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":84,"system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]}"""
                .formatted(TAKEN));
        assertEquals(Vital.SYSTOLIC_PRESSURE, panel.vital(), "the systolic component of a blood pressure panel");
        assertEquals(new BigDecimal("132"), panel.measured());
        assertEquals(Instant.parse(TAKEN), panel.taken());
    }

    @Test
    void consciousnessAndAirOrOxygenByTheirSnomedValues() {
        assertEquals(Consciousness.NEW_CONFUSION, read(coded("130987000")).consciousness());
        assertEquals(Consciousness.ALERT, read(coded("248234008")).consciousness());
        assertTrue(read(coded(Vital.ON_OXYGEN)).onOxygen());
        assertEquals(false, read(coded(Vital.ROOM_AIR)).onOxygen());
        assertTrue(read(quantity("3151-8", "2", "L/min")).onOxygen(), "an oxygen flow of 2 L/min");
        assertEquals(false, read(quantity("3151-8", "0", "L/min")).onOxygen(), "no flow: air");
    }

    @Test
    void impossibleValuesAreRefusedWithWhatToCheck() {
        FhirException pulse = assertThrows(FhirException.class, () -> read(quantity("8867-4", "900", "/min")));
        assertTrue(pulse.getMessage().contains("A pulse of 900 /min cannot be a person's"), pulse.getMessage());
        assertThrows(FhirException.class, () -> read(quantity("59408-5", "101", "%")));
        assertThrows(FhirException.class, () -> read(quantity("8310-5", "95", "Cel")), "95 C: Fahrenheit sent as Celsius");
        assertThrows(FhirException.class, () -> read(quantity("9279-1", "-1", "/min")));
        FhirException unit = assertThrows(FhirException.class, () -> read(quantity("8480-6", "16", "kPa")));
        assertTrue(unit.getMessage().contains("mm[Hg]"), unit.getMessage());
    }

    @Test
    void extremeButPossibleValuesAreAcceptedForScoring() {
        assertEquals(new BigDecimal("250"), read(quantity("8867-4", "250", "/min")).measured());
        assertEquals(new BigDecimal("60"), read(quantity("59408-5", "60", "%")).measured());
        assertEquals(new BigDecimal("31.5"), read(quantity("8310-5", "31.5", "Cel")).measured());
        assertEquals(new BigDecimal("38.50"), read(quantity("8310-5", "101.3", "[degF]")).measured(), "converted");
    }

    @Test
    void aReadingMustSayWhenItWasTakenAndNotInTheFuture() {
        String noTime = quantity("8867-4", "80", "/min").replace("\"effectiveDateTime\":\"" + TAKEN + "\",", "");
        FhirException missing = assertThrows(FhirException.class, () -> read(noTime));
        assertTrue(missing.getMessage().contains("effectiveDateTime is required"), missing.getMessage());
        String future = quantity("8867-4", "80", "/min").replace(TAKEN, "2026-11-30T11:00:00Z");
        assertThrows(FhirException.class, () -> read(future));
        String cancelled = quantity("8867-4", "80", "/min").replace("\"final\"", "\"cancelled\"");
        assertThrows(FhirException.class, () -> read(cancelled));
    }

    @Test
    void elementsWithoutValuesAreRefusedOrNotReadingsNeverAFault() {
        // What the fuzzing found: a status that is not there, a time that is only an extension, a code with no code.
        assertThrows(FhirException.class, () -> read(quantity("8867-4", "80", "/min").replace("\"status\":\"final\",", "")));
        String onlyAnExtension = quantity("8867-4", "80", "/min").replace("\"effectiveDateTime\":\"" + TAKEN + "\",",
                "\"_effectiveDateTime\":{\"id\":\"x1\"},");
        FhirException time = assertThrows(FhirException.class, () -> read(onlyAnExtension));
        assertTrue(time.getMessage().contains("effectiveDateTime is required"), time.getMessage());
        String noCode = quantity("8867-4", "80", "/min").replace("\"code\":\"8867-4\"", "\"code\":null");
        assertTrue(Readings.read(Fhir.parse(Observation.class, noCode), NOW).isEmpty());
    }

    @Test
    void anObservationNews2DoesNotUseIsNotAReading() {
        assertTrue(Readings.read(Fhir.parse(Observation.class, quantity("29463-7", "70", "kg")), NOW).isEmpty());
    }

    @Test
    void aCompleteSetIsTheLatestOfEachVitalAndAnIncompleteOneSaysWhatIsMissing() {
        List<Reading> readings = new ArrayList<>(List.of(read(quantity("9279-1", "18", "/min")),
                read(quantity("59408-5", "95.5", "%")), read(coded(Vital.ROOM_AIR)),
                read(quantity("8480-6", "128", "mm[Hg]")), read(quantity("8867-4", "88", "/min"))));
        Map<Vital, Reading> five = Readings.latest(readings);
        assertEquals(List.of(Vital.CONSCIOUSNESS, Vital.TEMPERATURE), Readings.missing(five));
        assertTrue(Readings.complete(five).isEmpty());

        readings.add(read(coded("248234008")));
        readings.add(read(quantity("8310-5", "37.45", "Cel")));
        readings.add(read(quantity("8867-4", "120", "/min").replace(TAKEN, "2026-11-30T09:59:00Z")));
        VitalSigns signs = Readings.complete(Readings.latest(readings)).orElseThrow();
        assertEquals(new VitalSigns(18, 96, false, 128, 120, Consciousness.ALERT, new BigDecimal("37.5")), signs,
                "whole numbers and one decimal place, as charted; the later pulse");
    }

    private static Reading read(String json) {
        return Readings.read(Fhir.parse(Observation.class, json), NOW).orElseThrow();
    }

    private static String quantity(String loinc, String value, String unit) {
        return """
                {"resourceType":"Observation","status":"final","effectiveDateTime":"%s",
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
                 "code":{"coding":[{"system":"http://loinc.org","code":"%s"}]},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9000000009"}},
                 "valueQuantity":{"value":%s,"system":"http://unitsofmeasure.org","code":"%s"}}"""
                .formatted(TAKEN, loinc, value, unit);
    }

    private static String coded(String snomed) {
        return """
                {"resourceType":"Observation","status":"final","effectiveDateTime":"%s",
                 "code":{"text":"NEWS2 reading"},
                 "valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"%s"}]}}"""
                .formatted(TAKEN, snomed);
    }
}
