package city.onetem.virtualward;

import city.onetem.platform.store.VersionedResource;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person's stay on a virtual ward: the current FHIR EpisodeOfCare and the columns occupancy needs. */
@Entity
@Table(name = "ward_stay")
public class WardStay extends VersionedResource {

    /** Code system of the city's virtual wards (EpisodeOfCare.type). */
    public static final String WARD_SYSTEM = "https://onetem.city/CodeSystem/virtual-ward";
    /** On the EpisodeOfCare: step-up (instead of a hospital admission) or step-down (early supported discharge). */
    public static final String ROUTE_EXTENSION = "https://onetem.city/fhir/StructureDefinition/virtual-ward-route";
    /** On the EpisodeOfCare: who admitted beyond the ward's beds and why ('clinician', 'reason'). */
    public static final String CAPACITY_OVERRIDE_EXTENSION =
            "https://onetem.city/fhir/StructureDefinition/capacity-override";
    /** On the EpisodeOfCare: how often a complete set of readings is due (valueDuration, UCUM min or h). */
    public static final String MONITORING_INTERVAL_EXTENSION =
            "https://onetem.city/fhir/StructureDefinition/monitoring-interval";
    /**
     * On a step-down EpisodeOfCare: the hospital stay it follows (valueReference to the discharge
     * service's Encounter), linked from the person's latest discharge when the admission names none.
     */
    public static final String STEP_DOWN_FROM_EXTENSION = "https://onetem.city/fhir/StructureDefinition/step-down-from";
    /** On the EpisodeOfCare: the expected length of stay (valueDuration, UCUM d). */
    public static final String EXPECTED_LENGTH_EXTENSION = "https://onetem.city/fhir/StructureDefinition/expected-length-of-stay";

    /**
     * On the EpisodeOfCare, once per device: the monitoring kit assigned to the person
     * (valueIdentifier, system {@link #DEVICE_SYSTEM}, value the device's client id: its token's sub).
     */
    public static final String MONITORING_DEVICE_EXTENSION = "https://onetem.city/fhir/StructureDefinition/monitoring-device";
    public static final String DEVICE_SYSTEM = "https://onetem.city/Id/device";

    public String ward;
    /** The client ids of the devices assigned to this stay, space-separated; null for none. */
    public String devices;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    /** step-up (instead of a hospital admission) or step-down (early supported discharge). */
    public String route;
    /** How the stay ended (WardOutcome's code); null while it lasts. */
    public String outcome;
    /** The monitoring plan: a complete set of readings is due this often. */
    @Column(name = "monitoring_interval_minutes")
    public int monitoringIntervalMinutes;
    @Column(name = "expected_days")
    public Integer expectedDays;
    /** The SpO2 scale NEWS2 uses: 1, or 2 when a clinician recorded it. */
    @Column(name = "spo2_scale")
    public short spo2Scale = 1;

    /** The responsible clinician, as the stay names them. */
    org.hl7.fhir.r4.model.Reference careManager() {
        return city.onetem.platform.fhir.Fhir.parse(org.hl7.fhir.r4.model.EpisodeOfCare.class, resource).getCareManager();
    }

    /** Whether this device (its token's sub) is assigned to this stay. */
    boolean assigned(String device) {
        return devices != null && device != null && java.util.Arrays.asList(devices.split(" ")).contains(device);
    }

    public static long activeOn(String ward) {
        return count("ward = ?1 and status = 'active'", ward);
    }

    public static WardStay activeFor(String nhsNumber) {
        return find("nhsNumber = ?1 and status = 'active'", nhsNumber).firstResult();
    }
}
