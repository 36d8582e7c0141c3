package city.onetem.platform.relationships;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.Identifiers;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.OperationParameters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * Break glass: a clinician outside a person's care relationships takes emergency access to that
 * one person, with a reason, for a configured time (onetem.break-glass.duration, default 4 hours).
 * The grant, the event for review (access.break-glass.v1, a FHIR AuditEvent with no free text)
 * and the audit row commit together; the privacy officer reviews it ({@link BreakGlassReviews}).
 */
@Path("/fhir/$break-glass")
@RolesAllowed({Roles.CARE_TEAM, Roles.VIRTUAL_WARD, Roles.SPA})
public class BreakGlassResource {

    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String PURPOSE = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    /** On the event's AuditEvent: when the emergency access ends. */
    public static final String EXPIRES_EXTENSION = "https://onetem.city/fhir/StructureDefinition/break-glass-expires";
    static final int SHORTEST_REASON = 10;

    @Inject
    Caller caller;
    @Inject
    Outbox outbox;
    @Inject
    EntityManager entities;
    @ConfigProperty(name = "onetem.break-glass.duration", defaultValue = "PT4H")
    Duration duration;

    /** 'patient' (valueIdentifier, the NHS number) and 'reason' (valueString): 201 with the grant and when it ends. */
    @POST
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Transactional
    public Response take(Parameters body) {
        OperationParameters in = new OperationParameters("$break-glass", body);
        NhsNumber person = NhsNumber.named(patient(body), "Parameters.parameter('patient')");
        AuditTrail.about(person.value()); // a refused attempt is on the person's trail too
        String reason = in.requiredText("reason", "why you need this person's record now, for the privacy officer");
        if (reason.strip().length() < SHORTEST_REASON) {
            throw FhirException.invalid("Parameters.parameter('reason')", "Say why you need this person's record now,"
                    + " in words the privacy officer can weigh (at least " + SHORTEST_REASON + " characters)");
        }
        UUID id = UUID.randomUUID();
        Instant granted = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant expires = granted.plus(duration);
        entities.createNativeQuery("""
                insert into break_glass (id, nhs_number, user_id, issuer, organisation, roles, reason, granted_at,
                                         expires_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)""").setParameter(1, id).setParameter(2, person.value())
                .setParameter(3, caller.id()).setParameter(4, caller.issuer()).setParameter(5, caller.organisation())
                .setParameter(6, String.join(",", new TreeSet<>(caller.roles()))).setParameter(7, reason.strip())
                .setParameter(8, granted).setParameter(9, expires).executeUpdate();
        AuditTrail.changing("AuditEvent", id.toString(), person.value());
        outbox.publish(new OutboundEvent(Topics.ACCESS, EventTypes.ACCESS_BREAK_GLASS, person, "AuditEvent/" + id,
                granted, Fhir.toJson(event(id, person, granted, expires))));
        Parameters answer = new Parameters();
        answer.addParameter("grant", id.toString());
        answer.addParameter().setName("expires").setValue(new InstantType(Date.from(expires)));
        answer.addParameter().setName("notice").setValue(new StringType("Emergency access to this person's records"
                + " until " + expires + ". Every access is recorded as emergency treatment and reviewed by the privacy"
                + " officer."));
        return Response.status(Response.Status.CREATED).entity(answer).build();
    }

    /** The person named: valueIdentifier (system and NHS number), or the NHS number alone as a string. */
    private static Identifier patient(Parameters body) {
        return body == null ? new Identifier() : body.getParameter().stream().filter(p -> "patient".equals(p.getName()))
                .findFirst().map(p -> p.getValue() instanceof Identifier identifier ? identifier
                        : new Identifier().setSystem(NhsNumber.SYSTEM).setValue(p.getValue() == null ? null
                                : p.getValue().primitiveValue()))
                .orElseGet(Identifier::new);
    }

    /** The event for review: who, whom, when and until when; the reason stays in the service. */
    private AuditEvent event(UUID id, NhsNumber person, Instant granted, Instant expires) {
        AuditEvent event = new AuditEvent();
        event.setId(id.toString());
        event.setType(new Coding(DCM, "110113", "Security Alert"));
        event.addSubtype(new Coding(DCM, "110127", "Emergency Override Started"));
        event.setAction(AuditEvent.AuditEventAction.E).setRecorded(Date.from(granted))
                .setOutcome(AuditEvent.AuditEventOutcome._0);
        event.addPurposeOfEvent().addCoding(new Coding(PURPOSE, "ETREAT", "Emergency treatment"));
        event.addExtension(EXPIRES_EXTENSION, new InstantType(Date.from(expires)));
        AuditEvent.AuditEventAgentComponent agent = event.addAgent().setRequestor(true);
        agent.getWho().setIdentifier(new Identifier().setSystem(Caller.USER_SYSTEM).setValue(caller.id()));
        caller.roles().stream().sorted().forEach(role -> agent.addRole().setText(role));
        if (caller.organisation() != null) {
            event.getSource().getObserver().setIdentifier(new Identifier()
                    .setSystem(Identifiers.ODS_ORGANIZATION).setValue(caller.organisation()));
        }
        event.addEntity().setWhat(new Reference().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM)
                .setValue(person.value())));
        return event;
    }
}
