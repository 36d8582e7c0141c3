package city.onetem.virtualward;

import city.onetem.platform.events.CareEventContract;
import city.onetem.platform.events.CommittedCounts;
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
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * Escalation from NEWS2 scores (RCP 2017): a 3 in one parameter (low-medium), 5-6 (medium) or 7
 * and more (high) raises an escalation of that urgency for the responsible clinician. One active
 * escalation per level: a run of high scores does not flood anyone. A higher level escalates
 * again at once; at the same level, a worse score after the clinician acknowledged escalates
 * again. A low score resolves what is active.
 */
@ApplicationScoped
public class Escalations {

    /** On the Flag: 'level', 'score', 'due', and once acknowledged 'acknowledgedBy' and 'acknowledgedAt'. */
    public static final String ESCALATION_EXTENSION = "https://onetem.city/fhir/StructureDefinition/news2-escalation";

    @Inject
    Outbox outbox;
    @Inject
    CommittedCounts counts;
    @ConfigProperty(name = "onetem.escalation.respond-within.low-medium", defaultValue = "PT1H")
    Duration lowMedium;
    @ConfigProperty(name = "onetem.escalation.respond-within.medium", defaultValue = "PT30M")
    Duration medium;
    @ConfigProperty(name = "onetem.escalation.respond-within.high", defaultValue = "PT15M")
    Duration high;

    /** Escalates, or not, for this NEWS2 score of the stay; the escalation raised, if one was. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Escalation> afterScore(WardStay stay, WardObservation news2, Observation scored, News2Risk risk) {
        List<Escalation> active = Escalation.activeFor(stay.id);
        if (risk == News2Risk.LOW) {
            active.forEach(escalation -> escalation.status = Escalation.RESOLVED);
            return Optional.empty();
        }
        Optional<Escalation> highest = active.stream().max(Comparator.comparing(Escalation::risk));
        boolean raise = highest.isEmpty() || highest.get().risk().compareTo(risk) < 0
                || (highest.get().risk() == risk && Escalation.ACKNOWLEDGED.equals(highest.get().status)
                        && news2.news2Score > highest.get().score);
        if (!raise) {
            return Optional.empty();
        }
        Escalation escalation = new Escalation();
        escalation.id = UUID.randomUUID().toString();
        escalation.wardStayId = stay.id;
        escalation.nhsNumber = stay.nhsNumber;
        escalation.level = risk.code();
        escalation.score = news2.news2Score;
        escalation.news2Id = news2.id;
        escalation.raisedAt = Instant.now();
        Instant due = news2.effectiveAt.plus(respondWithin(risk));
        escalation.dueAt = due.isAfter(escalation.raisedAt) ? due : escalation.raisedAt;
        escalation.status = Escalation.OPEN;
        escalation.version = 1;
        escalation.lastUpdated = escalation.raisedAt;
        escalation.flag = Fhir.toJson(flag(escalation, scored));
        escalation.task = Fhir.toJson(task(escalation, scored));
        escalation.persist();
        counts.count("onetem.news2.escalations", "level", risk.code());
        outbox.publish(new OutboundEvent(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_ESCALATED,
                new NhsNumber(stay.nhsNumber), "Observation/" + news2.id, escalation.raisedAt, news2.resource));
        return Optional.of(escalation);
    }

    /** A clinician has seen the escalation and is responding: recorded with who and when. */
    @Transactional
    public Escalation acknowledge(String id, String clinician) {
        Escalation escalation = Escalation.findById(id);
        if (escalation == null) {
            throw FhirException.notFound("Flag", id);
        }
        if (!Escalation.OPEN.equals(escalation.status)) {
            throw FhirException.conflict("This escalation is " + escalation.status + " already"
                    + (escalation.acknowledgedBy == null ? "" : " (by " + escalation.acknowledgedBy + ")"));
        }
        escalation.status = Escalation.ACKNOWLEDGED;
        escalation.acknowledgedBy = clinician;
        escalation.acknowledgedAt = Instant.now();
        escalation.version++;
        escalation.lastUpdated = escalation.acknowledgedAt;
        Flag flag = Fhir.parse(Flag.class, escalation.flag);
        flag.getMeta().setVersionId(Long.toString(escalation.version)).setLastUpdated(Date.from(escalation.lastUpdated));
        Extension said = flag.getExtensionByUrl(ESCALATION_EXTENSION);
        said.addExtension("acknowledgedBy", new StringType(clinician));
        said.addExtension("acknowledgedAt", new DateTimeType(Date.from(escalation.acknowledgedAt)));
        escalation.flag = Fhir.toJson(flag);
        Task task = Fhir.parse(Task.class, escalation.task).setStatus(Task.TaskStatus.ACCEPTED);
        task.getMeta().setVersionId(Long.toString(escalation.version)).setLastUpdated(Date.from(escalation.lastUpdated));
        escalation.task = Fhir.toJson(task);
        outbox.publish(new OutboundEvent(Topics.VIRTUAL_WARD, EventTypes.VIRTUALWARD_ESCALATION_ACKNOWLEDGED,
                new NhsNumber(escalation.nhsNumber), "Flag/" + escalation.id, escalation.lastUpdated, escalation.flag));
        return escalation;
    }

    private Duration respondWithin(News2Risk risk) {
        return switch (risk) {
            case HIGH -> high;
            case MEDIUM -> medium;
            default -> lowMedium;
        };
    }

    private static String says(Escalation escalation, News2Risk risk) {
        return "NEWS2 " + escalation.score + ": " + risk.code() + " risk, " + risk.response();
    }

    private static Flag flag(Escalation escalation, Observation scored) {
        News2Risk risk = escalation.risk();
        Flag flag = new Flag().setStatus(Flag.FlagStatus.ACTIVE).setSubject(scored.getSubject().copy());
        flag.setId(escalation.id);
        flag.getMeta().setVersionId("1").setLastUpdated(Date.from(escalation.lastUpdated));
        flag.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/flag-category")
                .setCode("clinical").setDisplay("Clinical");
        flag.getCode().setText(says(escalation, risk));
        flag.getPeriod().setStart(Date.from(escalation.raisedAt));
        flag.setAuthor(new Reference().setDisplay("Virtual ward NEWS2 escalation"));
        Extension said = flag.addExtension().setUrl(ESCALATION_EXTENSION);
        said.addExtension("level", new CodeType(risk.code()));
        said.addExtension("score", new IntegerType(escalation.score));
        said.addExtension("due", new DateTimeType(Date.from(escalation.dueAt)));
        said.addExtension("news2", new Reference("Observation/" + escalation.news2Id));
        return flag;
    }

    private static Task task(Escalation escalation, Observation scored) {
        News2Risk risk = escalation.risk();
        Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER)
                .setPriority(switch (risk) {
                    case HIGH -> Task.TaskPriority.STAT;
                    case MEDIUM -> Task.TaskPriority.ASAP;
                    default -> Task.TaskPriority.URGENT;
                })
                .setDescription("Respond to " + says(escalation, risk))
                .setFocus(new Reference("Observation/" + escalation.news2Id))
                .setFor(scored.getSubject().copy())
                .setOwner(scored.getPerformerFirstRep().copy())
                .setAuthoredOn(Date.from(escalation.raisedAt));
        task.setId(escalation.id);
        task.getMeta().setVersionId("1").setLastUpdated(Date.from(escalation.lastUpdated));
        task.getRestriction().getPeriod().setEnd(Date.from(escalation.dueAt));
        task.addExtension(CareEventContract.NEWS2_RISK_EXTENSION, new CodeType(risk.code()));
        return task;
    }
}
