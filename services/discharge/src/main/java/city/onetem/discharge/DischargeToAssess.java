package city.onetem.discharge;

import city.onetem.platform.events.DischargePathway;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.fhir.FhirException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The stages a discharge hub records on a stay, after the hospital's feed has admitted the
 * person: medically optimised (no longer meets the criteria to reside), the D2A pathway, the
 * reason for any delay, the community service that accepted the person, and the assessment at
 * home after discharge. Each is a version of the stay; the plan hears of the first two at once.
 * Also what the hospital's discharge means for D2A: the last delay days, and reablement starting.
 */
@ApplicationScoped
public class DischargeToAssess {

    /** A stage may be recorded this far in the future (clocks differ), no further. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** A readmission is an admission within this many days of the person's last discharge. */
    public static final int READMISSION_DAYS = 91;

    @Inject
    HospitalStays stays;
    @Inject
    DelayDays delayDays;
    @Inject
    Reablement reablement;
    @Inject
    DischargeClock clock;

    /** Medically optimised at {@code when}, with the pathway when it is known already. */
    @Transactional
    public HospitalStay medicallyOptimised(String id, String ifMatch, Instant when, Integer pathway, String changedBy) {
        HospitalStay stay = inHospital(id, ifMatch, "$medically-optimised");
        Instant at = checkedTime(stay, when, "time");
        String before = HospitalStays.snapshot(stay);
        stay.medicallyOptimised = at;
        delayDays.count(stay, clock.now());
        if (pathway != null) {
            setPathway(stay, pathway);
            stays.save(stay, before, changedBy, EventTypes.DISCHARGE_PATHWAY_ASSIGNED);
        } else {
            stays.save(stay, before, changedBy, EventTypes.DISCHARGE_MEDICALLY_OPTIMISED);
        }
        return stay;
    }

    /** The D2A pathway (0-3); a person given one is medically optimised from then if not before. */
    @Transactional
    public HospitalStay assignPathway(String id, String ifMatch, int pathway, Instant when, String changedBy) {
        HospitalStay stay = inHospital(id, ifMatch, "$assign-pathway");
        Instant at = checkedTime(stay, when, "time");
        String before = HospitalStays.snapshot(stay);
        if (stay.medicallyOptimised == null) {
            stay.medicallyOptimised = at;
            delayDays.count(stay, clock.now());
        }
        setPathway(stay, pathway);
        stays.save(stay, before, changedBy, EventTypes.DISCHARGE_PATHWAY_ASSIGNED);
        return stay;
    }

    /** Why the person is still in hospital: counts for the days from now on. */
    @Transactional
    public HospitalStay delayReason(String id, String ifMatch, DelayReason reason, String changedBy) {
        HospitalStay stay = inHospital(id, ifMatch, "$delay-reason");
        if (stay.medicallyOptimised == null) {
            throw FhirException.businessRule("Encounter/" + id + " is not medically optimised: a delay counts from "
                    + "then. Record $medically-optimised first");
        }
        String before = HospitalStays.snapshot(stay);
        stay.delayReason = reason.code();
        stays.save(stay, before, changedBy);
        return stay;
    }

    /** The community service (reablement team, care provider, care home) that accepted the person. */
    @Transactional
    public HospitalStay communityAccepted(String id, String ifMatch, String service, Instant when, String changedBy) {
        HospitalStay stay = stays.toChange(id, ifMatch);
        Instant at = checkedTime(stay, when, "time");
        String before = HospitalStays.snapshot(stay);
        stay.communityService = service;
        stay.communityAcceptedAt = at;
        stays.save(stay, before, changedBy);
        return stay;
    }

    /** The person was assessed at home after discharge (the aim: within 48 hours). */
    @Transactional
    public HospitalStay assessedAtHome(String id, String ifMatch, Instant when, String changedBy) {
        HospitalStay stay = stays.toChange(id, ifMatch);
        if (stay.dischargedAt == null) {
            throw FhirException.businessRule("Encounter/" + id + " has not been discharged: the assessment at home "
                    + "follows the discharge");
        }
        Instant at = checkedTime(stay, when, "time");
        if (at.isBefore(stay.dischargedAt)) {
            throw FhirException.businessRule("The assessment at home (" + at + ") is before the discharge ("
                    + stay.dischargedAt + ")");
        }
        String before = HospitalStays.snapshot(stay);
        stay.assessedAtHomeAt = at;
        stays.save(stay, before, changedBy);
        return stay;
    }

    /** Reablement at home ended, with the outcome; the place goes to the next person waiting. */
    @Transactional
    public HospitalStay endReablement(String id, String ifMatch, ReablementOutcome outcome, Instant when,
            String changedBy) {
        HospitalStay stay = stays.toChange(id, ifMatch);
        if (!Reablement.STARTED.equals(stay.reablementStatus)) {
            throw FhirException.businessRule("Encounter/" + id + " has no reablement under way (reablement: "
                    + (stay.reablementStatus == null ? "none" : stay.reablementStatus) + ")");
        }
        Instant at = checkedTime(stay, when, "time");
        String before = HospitalStays.snapshot(stay);
        reablement.end(stay, outcome, at);
        stays.save(stay, before, changedBy, EventTypes.DISCHARGE_REABLEMENT_ENDED);
        return stay;
    }

    /**
     * What the hospital's discharge (the feed's A03) means for discharge to assess, after it is
     * written: the last days of delay, and reablement starting when the person had a place (a
     * version of its own, so that the plan hears of both). Stay locked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void discharged(HospitalStay stay, String changedBy) {
        String before = HospitalStays.snapshot(stay);
        delayDays.count(stay, stay.dischargedAt);
        boolean started = reablement.discharged(stay);
        stays.save(stay, before, changedBy, started ? EventTypes.DISCHARGE_REABLEMENT_STARTED : null);
    }

    /**
     * The person's stay that a new admission at {@code admitted} readmits them from: their latest
     * discharge within 91 days before it. A reablement under way ends as "readmitted".
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String readmissionOf(HospitalStay stay, String changedBy) {
        if (stay.nhsNumber == null || stay.admittedAt == null) {
            return null;
        }
        List<HospitalStay> earlier = HospitalStay.list("nhsNumber = ?1 and id <> ?2 and dischargedAt is not null "
                        + "and admissionCancelledAt is null and dischargedAt <= ?3 and dischargedAt >= ?4 order by dischargedAt desc",
                stay.nhsNumber, stay.id, stay.admittedAt, stay.admittedAt.minus(Duration.ofDays(READMISSION_DAYS)));
        if (earlier.isEmpty()) {
            return null;
        }
        HospitalStay previous = stays.toChange(earlier.get(0).id, null);
        if (Reablement.STARTED.equals(previous.reablementStatus)) {
            String before = HospitalStays.snapshot(previous);
            reablement.end(previous, ReablementOutcome.READMITTED, stay.admittedAt);
            stays.save(previous, before, changedBy, EventTypes.DISCHARGE_REABLEMENT_ENDED);
        }
        return previous.id;
    }

    private HospitalStay inHospital(String id, String ifMatch, String operation) {
        HospitalStay stay = stays.toChange(id, ifMatch);
        if (!stay.inHospital()) {
            throw FhirException.businessRule(operation + " is for a person in hospital: Encounter/" + id + " is "
                    + stay.currentStatus().toCode());
        }
        return stay;
    }

    private void setPathway(HospitalStay stay, int number) {
        DischargePathway pathway = DischargePathway.of(number).orElseThrow(() -> FhirException.invalid(
                "Parameters.parameter('pathway')", "pathway is 0, 1, 2 or 3 (discharge to assess pathways), not " + number));
        boolean wasOne = stay.pathway != null && stay.pathway == 1;
        stay.pathway = (short) pathway.number();
        if (pathway == DischargePathway.HOME_WITH_SUPPORT) {
            reablement.request(stay);
        } else if (wasOne && reablement.withdraw(stay)) {
            reablement.placeFreed();
        }
    }

    /** The time given (default now): not before the admission, not in the future. */
    private Instant checkedTime(HospitalStay stay, Instant when, String parameter) {
        Instant now = clock.now();
        Instant at = when == null ? now : when;
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            throw FhirException.invalid("Parameters.parameter('" + parameter + "')", parameter + " " + at
                    + " is in the future: record a stage when it has happened");
        }
        if (stay.admittedAt != null && at.isBefore(stay.admittedAt)) {
            throw FhirException.businessRule(parameter + " " + at + " is before the admission (" + stay.admittedAt + ")");
        }
        return at;
    }
}
