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
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
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
    /** On the Encounter: when the hospital expects the person to leave (HL7 v2 PV2-9, A16). */
    public static final String EXPECTED_DISCHARGE_EXTENSION =
            "https://onetem.city/fhir/StructureDefinition/expected-discharge";

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

    public static Optional<HospitalStay> byKey(String stayKey) {
        return find("stayKey", stayKey).firstResultOptional();
    }

    public static List<HospitalStay> forPerson(String nhsNumber) {
        return list("nhsNumber = ?1 order by admittedAt desc nulls last", nhsNumber);
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
        encounter.setServiceProvider(new Reference().setDisplay(hospital));
        encounter.getServiceProvider().getIdentifier().setSystem(Identifiers.ODS_ORGANIZATION).setValue(hospital);
        if (admittedAt != null) {
            encounter.getPeriod().setStartElement(dateTime(admittedAt));
        }
        if (dischargedAt != null) {
            encounter.getPeriod().setEndElement(dateTime(dischargedAt));
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
        return encounter;
    }

    /** To the second, in UTC: the same text whatever zone the server runs in. */
    private static DateTimeType dateTime(Instant instant) {
        return new DateTimeType(Date.from(instant), TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone("UTC"));
    }
}
