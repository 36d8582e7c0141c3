package city.onetem.discharge;

import city.onetem.platform.events.CareEventContract;
import city.onetem.platform.fhir.Identifiers;
import city.onetem.platform.store.VersionedResource;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.util.Date;
import java.util.TimeZone;
import org.eclipse.microprofile.config.ConfigProvider;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Reference;

/**
 * A person's stay in hospital, as the hospital's feed and the discharge hub describe it: the
 * current FHIR Encounter, and the dates discharge to assess works on.
 */
@Entity
@Table(name = "hospital_stay")
public class HospitalStay extends VersionedResource {

    /** Identifier system of a hospital's visit numbers (PV1-19), followed by the hospital's code. */
    public static final String VISIT_NUMBER_SYSTEM = "https://onetem.city/Id/visit-number/";
    /** Identifier system of a hospital's own patient numbers (PID-3), followed by the hospital's code. */
    public static final String HOSPITAL_NUMBER_SYSTEM = "https://onetem.city/Id/hospital-number/";
    /** Code systems of a hospital's own codes (HL7 v2 user-defined tables), followed by its code and the table. */
    public static final String LOCAL_CODE_SYSTEM = "https://onetem.city/CodeSystem/hospital/";
    /** On the Encounter: when the hospital expects the person to leave (HL7 v2 PV2-9, A16). */
    public static final String EXPECTED_DISCHARGE_EXTENSION =
            "https://onetem.city/fhir/StructureDefinition/expected-discharge";

    /** On the Encounter: the community service that accepted the person ('service', 'accepted'). */
    public static final String COMMUNITY_ACCEPTED_EXTENSION =
            "https://onetem.city/fhir/StructureDefinition/community-service-accepted";
    /** On the Encounter: when the person was assessed at home after discharge (the aim: within 48 hours). */
    public static final String ASSESSED_AT_HOME_EXTENSION = "https://onetem.city/fhir/StructureDefinition/assessed-at-home";
    /** On the Encounter: 91 days after a discharge home with reablement, 'outcome' (at-home, readmitted, died) and 'checked'. */
    public static final String HOME_CHECK_EXTENSION = "https://onetem.city/fhir/StructureDefinition/home-at-91-days";

    @Column(name = "stay_key")
    public String stayKey;
    /** The sending hospital (MSH-4): an ODS code in most trusts' feeds. */
    public String hospital;
    @Column(name = "visit_number")
    public String visitNumber;
    @Column(name = "hospital_number")
    public String hospitalNumber;
    /** Ward or bed as the hospital names it (PV1-3). */
    public String location;
    /** Where the person was admitted from, in the hospital's code (PV1-14). */
    @Column(name = "admit_source")
    public String admitSource;
    /** Where the person went, in the hospital's code (PV1-36). */
    @Column(name = "discharge_disposition")
    public String dischargeDisposition;
    @Column(name = "admitted_at")
    public Instant admittedAt;
    @Column(name = "expected_discharge")
    public Instant expectedDischarge;
    @Column(name = "medically_optimised")
    public Instant medicallyOptimised;
    @Column(name = "discharged_at")
    public Instant dischargedAt;
    public Short pathway;
    @Column(name = "admission_cancelled_at")
    public Instant admissionCancelledAt;
    @Column(name = "discharge_cancelled_at")
    public Instant dischargeCancelledAt;
    @Column(name = "announced_status")
    public String announcedStatus;
    @Column(name = "community_service")
    public String communityService;
    @Column(name = "community_accepted_at")
    public Instant communityAcceptedAt;
    @Column(name = "assessed_at_home_at")
    public Instant assessedAtHomeAt;
    /** The hub's reason (a DelayReason code); null until given. */
    @Column(name = "delay_reason")
    public String delayReason;
    @Column(name = "delay_days")
    public int delayDays;
    @Column(name = "readmission_of")
    public String readmissionOf;
    @Column(name = "home_check_outcome")
    public String homeCheckOutcome;
    @Column(name = "home_checked_at")
    public Instant homeCheckedAt;
    @Column(name = "reablement_status")
    public String reablementStatus;
    @Column(name = "reablement_requested_at")
    public Instant reablementRequestedAt;
    @Column(name = "reablement_allocated_at")
    public Instant reablementAllocatedAt;
    @Column(name = "reablement_started_at")
    public Instant reablementStartedAt;
    @Column(name = "reablement_ended_at")
    public Instant reablementEndedAt;
    @Column(name = "reablement_outcome")
    public String reablementOutcome;

    public static Optional<HospitalStay> byKey(String stayKey) {
        return find("stayKey", stayKey).firstResultOptional();
    }

    public static List<HospitalStay> forPerson(String nhsNumber) {
        return list("nhsNumber = ?1 order by admittedAt desc nulls last", nhsNumber);
    }

    /** Why the person is still in hospital today: waiting for a reablement place, else the hub's reason. */
    public DelayReason effectiveDelayReason() {
        if (Reablement.WAITING.equals(reablementStatus)) {
            return DelayReason.AWAITING_REABLEMENT;
        }
        return delayReason == null ? DelayReason.NOT_RECORDED : DelayReason.of(delayReason).orElse(DelayReason.OTHER);
    }

    /** In hospital now: admitted, not discharged, not cancelled. */
    public boolean inHospital() {
        return currentStatus() == Encounter.EncounterStatus.INPROGRESS;
    }

    /** What the dates say: cancelled admission, discharged, else in hospital. */
    public Encounter.EncounterStatus currentStatus() {
        if (admissionCancelledAt != null) {
            return Encounter.EncounterStatus.ENTEREDINERROR;
        }
        return dischargedAt != null ? Encounter.EncounterStatus.FINISHED : Encounter.EncounterStatus.INPROGRESS;
    }

    /** The stay as a FHIR Encounter (hospitalization), for the API and the events. */
    public Encounter toEncounter() {
        Encounter encounter = new Encounter()
                .setStatus(currentStatus())
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter"));
        encounter.addIdentifier().setSystem(CareEventContract.HOSPITAL_STAY_ID_SYSTEM).setValue(id);
        if (visitNumber != null) {
            encounter.addIdentifier().setSystem(VISIT_NUMBER_SYSTEM + hospital).setValue(visitNumber);
        }
        Reference subject = new Reference();
        if (nhsNumber != null) {
            subject.getIdentifier().setSystem(Identifiers.NHS_NUMBER).setValue(nhsNumber);
        } else {
            subject.getIdentifier().setSystem(HOSPITAL_NUMBER_SYSTEM + hospital).setValue(hospitalNumber);
        }
        encounter.setSubject(subject);
        encounter.setServiceProvider(new Reference().setDisplay(ConfigProvider.getConfig()
                .getOptionalValue("onetem.hospital.names." + hospital, String.class).orElse(hospital)));
        encounter.getServiceProvider().getIdentifier().setSystem(Identifiers.ODS_ORGANIZATION).setValue(hospital);
        if (admittedAt != null) {
            encounter.getPeriod().setStartElement(dateTime(admittedAt));
        }
        if (dischargedAt != null) {
            encounter.getPeriod().setEndElement(dateTime(dischargedAt));
        }
        if (admitSource != null) {
            encounter.getHospitalization().getAdmitSource().addCoding()
                    .setSystem(LOCAL_CODE_SYSTEM + hospital + "/admit-source").setCode(admitSource);
        }
        if (dischargeDisposition != null) {
            encounter.getHospitalization().getDischargeDisposition().addCoding()
                    .setSystem(LOCAL_CODE_SYSTEM + hospital + "/discharge-disposition").setCode(dischargeDisposition);
        }
        if (location != null) {
            encounter.addLocation().setLocation(new Reference().setDisplay(location));
        }
        if (expectedDischarge != null) {
            encounter.addExtension(EXPECTED_DISCHARGE_EXTENSION, dateTime(expectedDischarge));
        }
        if (pathway != null) {
            encounter.addExtension(CareEventContract.PATHWAY_EXTENSION, new IntegerType(pathway));
        }
        if (medicallyOptimised != null) {
            encounter.addExtension(CareEventContract.MEDICALLY_OPTIMISED_EXTENSION, dateTime(medicallyOptimised));
            DelayReason reason = effectiveDelayReason();
            Extension delay = encounter.addExtension().setUrl(CareEventContract.DELAY_EXTENSION);
            delay.addExtension("days", new IntegerType(delayDays));
            delay.addExtension("reason", new Coding(CareEventContract.DELAY_REASON_SYSTEM, reason.code(), reason.display()));
        }
        if (communityService != null) {
            Extension accepted = encounter.addExtension().setUrl(COMMUNITY_ACCEPTED_EXTENSION);
            accepted.addExtension("service", new StringType(communityService));
            accepted.addExtension("accepted", dateTime(communityAcceptedAt));
        }
        if (assessedAtHomeAt != null) {
            encounter.addExtension(ASSESSED_AT_HOME_EXTENSION, dateTime(assessedAtHomeAt));
        }
        if (reablementStatus != null) {
            Extension reablement = encounter.addExtension().setUrl(CareEventContract.REABLEMENT_EXTENSION);
            reablement.addExtension("status", new CodeType(reablementStatus));
            if (reablementStartedAt != null) {
                reablement.addExtension("started", dateTime(reablementStartedAt));
            }
            if (reablementEndedAt != null) {
                reablement.addExtension("ended", dateTime(reablementEndedAt));
            }
            ReablementOutcome.of(reablementOutcome).ifPresent(outcome -> reablement.addExtension("outcome",
                    new Coding(CareEventContract.REABLEMENT_OUTCOME_SYSTEM, outcome.code(), outcome.display())));
        }
        if (readmissionOf != null) {
            encounter.addExtension(CareEventContract.READMISSION_OF_EXTENSION, new Reference().setType("Encounter")
                    .setIdentifier(new Identifier().setSystem(CareEventContract.HOSPITAL_STAY_ID_SYSTEM).setValue(readmissionOf)));
        }
        if (homeCheckOutcome != null) {
            Extension check = encounter.addExtension().setUrl(HOME_CHECK_EXTENSION);
            check.addExtension("outcome", new CodeType(homeCheckOutcome));
            check.addExtension("checked", dateTime(homeCheckedAt));
        }
        return encounter;
    }

    /** To the second, in UTC: the same text whatever zone the server runs in. */
    private static DateTimeType dateTime(Instant instant) {
        return new DateTimeType(Date.from(instant), TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone("UTC"));
    }
}
