package city.onetem.virtualward;

import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.NamedLocks;
import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.StringType;

/**
 * Admits people to the virtual wards. A ward takes as many people as it has beds; beyond that an
 * admission is refused with the reason, unless a named clinician overrides it (kept on the stay).
 * Admissions to one ward are made one at a time (a lock on the ward), so two at once cannot both
 * take its last bed. A person is on one ward at a time.
 */
@ApplicationScoped
public class Admissions {

    /** The wards' lock space (NamedLocks): a ward by its code. */
    static final int LOCK_SPACE = 8084;
    /** The monitoring devices' lock space: a device by its client id, while it is assigned. */
    static final int DEVICE_LOCK_SPACE = 8085;

    @Inject
    Wards wards;
    @Inject
    Outbox outbox;
    @Inject
    NamedLocks locks;
    @Inject
    HospitalDischarges discharges;
    @ConfigProperty(name = "onetem.monitoring.default-interval", defaultValue = "PT4H")
    Duration defaultInterval;
    @ConfigProperty(name = "onetem.step-down.link-within", defaultValue = "P14D")
    Duration linkWithin;

    @Transactional
    public WardStay admit(EpisodeOfCare asked, String changedBy) {
        NhsNumber person = person(asked);
        String wardCode = wardCode(asked);
        Wards.Ward ward = wards.wards().get(wardCode);
        if (!asked.hasCareManager() || !(asked.getCareManager().hasDisplay() || asked.getCareManager().hasIdentifier())) {
            throw FhirException.invalid("EpisodeOfCare.careManager", "Name the responsible clinician (careManager: "
                    + "display, and identifier if known): escalations go to them");
        }
        String route = route(asked);
        Extension override = asked.getExtensionByUrl(WardStay.CAPACITY_OVERRIDE_EXTENSION);
        lockWard(wardCode);
        if (WardStay.activeFor(person.value()) != null) {
            throw FhirException.conflict("This person is already on a virtual ward: discharge them from that stay "
                    + "before admitting them to another");
        }
        long occupied = WardStay.activeOn(wardCode);
        if (occupied >= ward.beds()) {
            if (override == null) {
                throw FhirException.businessRule("The " + ward.name() + " virtual ward is full (" + occupied + " of "
                        + ward.beds() + " beds): admit to another ward, or a named clinician may override with the "
                        + "capacity-override extension (clinician, reason)");
            }
            requireOverrideNamed(override);
        } else if (override != null) {
            asked.getExtension().remove(override);
        }
        Instant started = asked.getPeriod().hasStart() ? asked.getPeriod().getStart().toInstant() : Instant.now();
        EpisodeOfCare stay = new EpisodeOfCare().setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        stay.addType().addCoding(new Coding(WardStay.WARD_SYSTEM, wardCode, ward.name())).setText(ward.name());
        stay.getPatient().setIdentifier(asked.getPatient().getIdentifier().copy());
        stay.getPeriod().setStart(Date.from(started));
        stay.setCareManager(asked.getCareManager().copy());
        stay.addExtension(WardStay.ROUTE_EXTENSION, new org.hl7.fhir.r4.model.CodeType(route));
        if (asked.hasExtension(WardStay.CAPACITY_OVERRIDE_EXTENSION)) {
            stay.addExtension(override.copy());
        }
        Extension linked = asked.getExtensionByUrl(WardStay.STEP_DOWN_FROM_EXTENSION);
        if (linked != null) {
            stay.addExtension(linked.copy());
        } else if ("step-down".equals(route)) {
            discharges.latest(person.value(), started.minus(linkWithin)).ifPresent(discharge -> stay.addExtension(
                    WardStay.STEP_DOWN_FROM_EXTENSION, new org.hl7.fhir.r4.model.Reference("Encounter/"
                            + discharge.encounterId()).setDisplay(discharge.hospital() + ", discharged "
                            + discharge.dischargedAt())));
        }
        List<String> devices = devices(asked);
        devices.stream().sorted().forEach(this::requireUnassigned); // in one order: no deadlock
        devices.forEach(device -> stay.addExtension(WardStay.MONITORING_DEVICE_EXTENSION,
                new org.hl7.fhir.r4.model.Identifier().setSystem(WardStay.DEVICE_SYSTEM).setValue(device)));
        Duration interval = monitoringInterval(asked);
        stay.addExtension(WardStay.MONITORING_INTERVAL_EXTENSION, new org.hl7.fhir.r4.model.Duration()
                .setValue(interval.toMinutes()).setUnit("min").setSystem("http://unitsofmeasure.org").setCode("min"));
        Integer expectedDays = expectedDays(asked);
        if (expectedDays != null) {
            stay.addExtension(WardStay.EXPECTED_LENGTH_EXTENSION, new org.hl7.fhir.r4.model.Duration()
                    .setValue(expectedDays).setUnit("d").setSystem("http://unitsofmeasure.org").setCode("d"));
        }
        WardStay record = new WardStay();
        record.monitoringIntervalMinutes = (int) interval.toMinutes();
        record.expectedDays = expectedDays;
        record.id = UUID.randomUUID().toString();
        record.nhsNumber = person.value();
        record.ward = wardCode;
        record.route = route;
        record.devices = devices.isEmpty() ? null : String.join(" ", devices);
        record.status = stay.getStatus().toCode();
        record.startedAt = started;
        record.write(stay, new WardStayVersion(), changedBy);
        outbox.publish(OutboundEvent.of(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_ADMITTED, "EpisodeOfCare", record));
        return record;
    }

    /** The monitoring kit the admission assigns to the person, by client id: 400 for one not named so. */
    private static List<String> devices(EpisodeOfCare asked) {
        List<String> devices = new java.util.ArrayList<>();
        List<Extension> named = asked.getExtensionsByUrl(WardStay.MONITORING_DEVICE_EXTENSION);
        for (int i = 0; i < named.size(); i++) {
            if (!(named.get(i).getValue() instanceof org.hl7.fhir.r4.model.Identifier device)
                    || !WardStay.DEVICE_SYSTEM.equals(device.getSystem()) || !device.hasValue()
                    || device.getValue().isBlank() || device.getValue().contains(" ")) {
                throw FhirException.invalid("EpisodeOfCare.extension('" + WardStay.MONITORING_DEVICE_EXTENSION
                        + "')[" + i + "]", "Name each monitoring device assigned to the person by its client id:"
                        + " valueIdentifier with system " + WardStay.DEVICE_SYSTEM + " and the id its token"
                        + " carries (sub), without spaces");
            }
            devices.add(device.getValue());
        }
        return devices;
    }

    /** One kit, one person: 409 for a device another active stay has, whose readings would name two people. */
    private void requireUnassigned(String device) {
        locks.lock(DEVICE_LOCK_SPACE, device);
        boolean taken = !WardStay.getEntityManager().createNativeQuery("select 1 from ward_stay where status ="
                + " 'active' and ?1 = any(string_to_array(devices, ' ')) limit 1").setParameter(1, device)
                .getResultList().isEmpty();
        if (taken) {
            throw FhirException.conflict("Monitoring device " + device + " is assigned to another person on a virtual"
                    + " ward: discharge them from their stay first, or assign this person other kit");
        }
    }

    private static NhsNumber person(EpisodeOfCare asked) {
        return NhsNumber.named(asked.getPatient().getIdentifier(), "EpisodeOfCare.patient.identifier");
    }

    private String wardCode(EpisodeOfCare asked) {
        String known = String.join(", ", new TreeSet<>(wards.wards().keySet()));
        return asked.getType().stream().flatMap(type -> type.getCoding().stream())
                .filter(coding -> WardStay.WARD_SYSTEM.equals(coding.getSystem()))
                .map(Coding::getCode).filter(java.util.Objects::nonNull).findFirst()
                .filter(code -> wards.wards().containsKey(code))
                .orElseThrow(() -> FhirException.invalid("EpisodeOfCare.type", "Name the ward: type with system "
                        + WardStay.WARD_SYSTEM + " and one of its codes: " + known));
    }

    /** How often a complete set is due: the admission's monitoring plan (minutes or hours, up to a day), or the default. */
    private Duration monitoringInterval(EpisodeOfCare asked) {
        Extension given = asked.getExtensionByUrl(WardStay.MONITORING_INTERVAL_EXTENSION);
        if (given == null) {
            return defaultInterval;
        }
        String where = "EpisodeOfCare.extension('" + WardStay.MONITORING_INTERVAL_EXTENSION + "')";
        if (!(given.getValue() instanceof org.hl7.fhir.r4.model.Duration duration) || !duration.hasValue()
                || !("min".equals(duration.getCode()) || "h".equals(duration.getCode()))) {
            throw FhirException.invalid(where, "The monitoring interval is a valueDuration in minutes (code min) or "
                    + "hours (code h)");
        }
        Duration interval = Duration.ofMinutes(duration.getValue().multiply(java.math.BigDecimal.valueOf(
                "h".equals(duration.getCode()) ? 60 : 1)).longValue());
        if (interval.toMinutes() < 1 || interval.compareTo(Duration.ofDays(1)) > 0) {
            throw FhirException.invalid(where, "A complete set is due at least once a day and at most every minute");
        }
        return interval;
    }

    private static Integer expectedDays(EpisodeOfCare asked) {
        Extension given = asked.getExtensionByUrl(WardStay.EXPECTED_LENGTH_EXTENSION);
        if (given == null) {
            return null;
        }
        if (!(given.getValue() instanceof org.hl7.fhir.r4.model.Duration duration) || !duration.hasValue()
                || !"d".equals(duration.getCode()) || duration.getValue().signum() <= 0) {
            throw FhirException.invalid("EpisodeOfCare.extension('" + WardStay.EXPECTED_LENGTH_EXTENSION + "')",
                    "The expected length of stay is a valueDuration in days (code d), more than 0");
        }
        return duration.getValue().intValue();
    }

    private static String route(EpisodeOfCare asked) {
        Extension route = asked.getExtensionByUrl(WardStay.ROUTE_EXTENSION);
        String code = route == null || route.getValue() == null ? null : route.getValue().primitiveValue();
        if (!"step-up".equals(code) && !"step-down".equals(code)) {
            throw FhirException.invalid("EpisodeOfCare.extension('" + WardStay.ROUTE_EXTENSION + "')",
                    "Say how the person came: step-up (instead of a hospital admission) or step-down (early supported "
                            + "discharge), as valueCode");
        }
        return code;
    }

    private static void requireOverrideNamed(Extension override) {
        Extension clinician = override.getExtensionByUrl("clinician");
        Extension reason = override.getExtensionByUrl("reason");
        if (!(clinician != null && clinician.getValue() instanceof StringType who && !who.isEmpty()
                && reason != null && reason.getValue() instanceof StringType why && !why.isEmpty())) {
            throw FhirException.invalid("EpisodeOfCare.extension('" + WardStay.CAPACITY_OVERRIDE_EXTENSION + "')",
                    "An override beyond the ward's beds names the clinician and the reason (extensions 'clinician' "
                            + "and 'reason', valueString)");
        }
    }

    private void lockWard(String ward) {
        locks.lock(LOCK_SPACE, ward);
    }
}
