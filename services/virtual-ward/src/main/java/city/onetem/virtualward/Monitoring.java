package city.onetem.virtualward;

import city.onetem.platform.events.CareEventContract;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.News2Risk;
import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/**
 * Records the readings of people on the virtual wards and scores each complete set with NEWS2.
 * A set is the latest reading of each parameter taken within {@code onetem.news2.set-window} of
 * the newest; readings posted together (a Bundle) are scored once, after all of them. A set
 * missing a parameter is not scored, and the answer says what is missing.
 */
@ApplicationScoped
public class Monitoring {

    /** SNOMED CT: Royal College of Physicians NEWS2 total score. */
    public static final String NEWS2_TOTAL = "1104051000000101";

    @Inject
    Outbox outbox;
    @Inject
    Escalations escalations;
    @Inject
    WardAccess access;
    @ConfigProperty(name = "onetem.news2.set-window", defaultValue = "PT30M")
    Duration setWindow;

    /** What recording some readings did: the readings stored, and for each stay its set's NEWS2 or what it lacks. */
    public record Recorded(List<WardObservation> readings, Map<String, SetOutcome> sets) {
    }

    /** A stay's set after the readings: scored (the NEWS2 Observation) or not, with the parameters missing. */
    public record SetOutcome(WardObservation news2, List<Vital> missing) {
    }

    /** Records these readings in one transaction, or none of them; then scores each stay's latest set. */
    @Transactional
    public Recorded record(List<Observation> observations, String changedBy) {
        return record(observations, changedBy, (index, refusal) -> refusal);
    }

    /**
     * As {@link #record(List, String)}; a reading refused is reported through {@code inEntry}
     * (its index among these, the refusal), so that a Bundle's answer names the entry.
     */
    @Transactional
    public Recorded record(List<Observation> observations, String changedBy,
            java.util.function.BiFunction<Integer, FhirException, FhirException> inEntry) {
        Instant now = Instant.now();
        List<WardObservation> stored = new ArrayList<>();
        Map<String, WardStay> stays = new LinkedHashMap<>();
        Map<String, Instant> newest = new LinkedHashMap<>();
        for (int i = 0; i < observations.size(); i++) {
            Observation observation = observations.get(i);
            Reading reading;
            WardStay stay;
            try {
                NhsNumber person = person(observation);
                access.requireRecording(person.value());
                reading = reading(observation, now);
                stay = stays.computeIfAbsent(person.value(), nhs -> onAWard(nhs));
            } catch (FhirException refusal) {
                throw inEntry.apply(i, refusal);
            }
            stored.add(store(observation, reading, stay));
            newest.merge(stay.id, reading.taken(), (a, b) -> a.isAfter(b) ? a : b);
        }
        Map<String, SetOutcome> sets = new LinkedHashMap<>();
        for (WardStay stay : stays.values()) {
            sets.put(stay.id, scoreLatestSet(stay, newest.get(stay.id)));
        }
        return new Recorded(stored, sets);
    }

    /**
     * Refuses, as {@link #record} would, a reading that cannot be taken: a batch answers each
     * entry on its own and records the rest together.
     */
    public void check(Observation observation) {
        String nhs = person(observation).value();
        access.requireRecording(nhs);
        reading(observation, Instant.now());
        if (WardStay.activeFor(nhs) == null) {
            throw notOnAWard();
        }
    }

    private static NhsNumber person(Observation observation) {
        return NhsNumber.named(observation.getSubject().getIdentifier(), "Observation.subject.identifier");
    }

    private static Reading reading(Observation observation, Instant now) {
        return Readings.read(observation, now).orElseThrow(() -> FhirException.businessRule(
                "Not an observation NEWS2 uses: send respiration rate (LOINC 9279-1), oxygen saturation "
                        + "(59408-5), air or oxygen (SNOMED CT 722742002 / 371825009), systolic blood pressure "
                        + "(8480-6), pulse (8867-4), consciousness (ACVPU, SNOMED CT) or temperature (8310-5)"));
    }

    private static FhirException notOnAWard() {
        return FhirException.businessRule("This person is not on a virtual ward: admit them first (POST "
                + "/fhir/EpisodeOfCare); readings are taken for people on a ward");
    }

    /** The person's active stay, locked for this transaction: their readings are scored one set at a time. */
    private static WardStay onAWard(String nhsNumber) {
        WardStay stay = WardStay.activeFor(nhsNumber);
        if (stay == null) {
            throw notOnAWard();
        }
        WardStay.getEntityManager().lock(stay, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        return stay;
    }

    private WardObservation store(Observation observation, Reading reading, WardStay stay) {
        WardObservation row = new WardObservation();
        row.vital = reading.vital().name();
        row.reading = WardObservation.asText(reading);
        row.code = reading.vital().name();
        row.effectiveAt = reading.taken();
        return save(row, stay, observation, EventTypes.VIRTUALWARD_OBSERVATION_RECORDED);
    }

    /** Stores the row with its resource as version 1 of a new Observation, and announces it. */
    private WardObservation save(WardObservation row, WardStay stay, Observation resource, String event) {
        row.id = UUID.randomUUID().toString();
        row.wardStayId = stay.id;
        row.nhsNumber = stay.nhsNumber;
        row.lastUpdated = Instant.now();
        resource.setId(row.id);
        resource.getMeta().setVersionId("1").setLastUpdated(Date.from(row.lastUpdated));
        row.resource = Fhir.toJson(resource);
        row.persist();
        outbox.publish(new OutboundEvent(Topics.VIRTUAL_WARD, event, new NhsNumber(stay.nhsNumber),
                "Observation/" + row.id, row.lastUpdated, row.resource));
        return row;
    }

    private SetOutcome scoreLatestSet(WardStay stay, Instant newest) {
        List<WardObservation> rows = WardObservation.readingsOf(stay.id, newest.minus(setWindow), newest);
        Map<Vital, WardObservation> latestRow = new java.util.EnumMap<>(Vital.class);
        rows.forEach(row -> latestRow.put(Vital.valueOf(row.vital), row));
        Map<Vital, Reading> latest = new java.util.EnumMap<>(Vital.class);
        latestRow.forEach((vital, row) -> latest.put(vital, row.toReading()));
        List<Vital> missing = Readings.missing(latest);
        if (!missing.isEmpty()) {
            return new SetOutcome(null, missing);
        }
        SpO2Scale scale = stay.spo2Scale == 2 ? SpO2Scale.SCALE_2 : SpO2Scale.SCALE_1;
        News2 score = News2.of(Readings.complete(latest).orElseThrow(), scale);
        Observation scored = news2Observation(stay, score, latestRow, newest);
        WardObservation news2 = new WardObservation();
        news2.code = WardObservation.NEWS2;
        news2.effectiveAt = newest;
        news2.news2Score = (short) score.total();
        save(news2, stay, scored, EventTypes.VIRTUALWARD_NEWS2_SCORED);
        escalations.afterScore(stay, news2, scored, score.risk());
        MissedReadings.setScored(stay, news2.lastUpdated);
        return new SetOutcome(news2, List.of());
    }

    private static Observation news2Observation(WardStay stay, News2 score, Map<Vital, WardObservation> used,
            Instant taken) {
        Observation news2 = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        news2.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
                .setCode("survey").setDisplay("Survey");
        news2.getCode().addCoding().setSystem("http://snomed.info/sct").setCode(NEWS2_TOTAL)
                .setDisplay("Royal College of Physicians National Early Warning Score 2 (NEWS2) total score");
        news2.getSubject().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(stay.nhsNumber));
        news2.setEffective(new org.hl7.fhir.r4.model.DateTimeType(Date.from(taken)));
        news2.setValue(new IntegerType(score.total()));
        News2Risk risk = score.risk();
        news2.addExtension(CareEventContract.NEWS2_RISK_EXTENSION, new CodeType(risk.code()));
        news2.addInterpretation().setText(risk.code() + " risk: " + risk.response());
        news2.addPerformer(stay.careManager());
        component(news2, "1104301000000104", "respiration rate score", score.respiration());
        component(news2, score.scale() == SpO2Scale.SCALE_2 ? "1104321000000108" : "1104311000000102",
                "oxygen saturation scale " + (score.scale() == SpO2Scale.SCALE_2 ? "2" : "1") + " score",
                score.oxygenSaturation());
        component(news2, "1104331000000105", "air or oxygen score", score.airOrOxygen());
        component(news2, "1104341000000101", "systolic blood pressure score", score.systolicPressure());
        component(news2, "1104351000000103", "pulse score", score.pulse());
        component(news2, "1104361000000100", "consciousness score", score.consciousness());
        component(news2, "1104371000000107", "temperature score", score.temperature());
        used.values().forEach(row -> news2.addDerivedFrom(new Reference("Observation/" + row.id)));
        return news2;
    }

    private static void component(Observation news2, String snomed, String what, int score) {
        news2.addComponent().setValue(new IntegerType(score)).getCode().addCoding()
                .setSystem("http://snomed.info/sct").setCode(snomed)
                .setDisplay("Royal College of Physicians National Early Warning Score 2 - " + what);
    }
}
