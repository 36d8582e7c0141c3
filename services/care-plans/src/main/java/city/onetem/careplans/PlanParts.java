package city.onetem.careplans;

import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.ConditionalCreate;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.ResourceVersions;
import city.onetem.platform.store.IdentifierMatches;
import city.onetem.platform.store.Written;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * The care team, goals and assessments on people's plans. Each write is a new version of the
 * part, a new version of the plan showing it, and an event for each, in one transaction: the
 * plan never points to a part that is not there, and cluster teams see the change on the plan.
 */
@ApplicationScoped
public class PlanParts {

    @Inject
    CareRelationships relationships;
    @Inject
    CarePlans carePlans;
    @Inject
    Outbox outbox;

    /**
     * A new part on the person's plan (creating the plan if they have none); with a condition
     * (If-None-Exist), the person's part that carries its identifier already, if there is one.
     */
    @Transactional
    public <T extends DomainResource> Written<PlanPartRecord> create(PlanPart<T> kind, T part, String changedBy,
            ConditionalCreate condition) {
        NhsNumber person = kind.person(part);
        kind.check(part, changedBy);
        carePlans.lockPerson(person.value());
        relationships.requireOrNew(person.value());
        if (condition != null) {
            String existing = condition.existing(kind.name(), IdentifierMatches.in("plan_part",
                    "resource_type = '" + kind.name() + "'", condition.identifier()), person.value()).orElse(null);
            if (existing != null) {
                return Written.found(PlanPartRecord.findById(existing));
            }
        }
        PlanPartRecord record = new PlanPartRecord();
        record.id = UUID.randomUUID().toString();
        record.resourceType = kind.name();
        record.nhsNumber = person.value();
        if (kind == PlanPart.CARE_TEAM) {
            carePlans.lockPerson(person.value());
            CarePlanRecord plan = CarePlanRecord.activeFor(person.value());
            PlanPartRecord existing = plan == null ? null : PlanPartRecord.careTeamOf(plan.id);
            if (existing != null) {
                throw FhirException.conflict("The person's plan already has CareTeam/" + existing.id
                        + ": one care team per plan; change that one (PUT with If-Match)");
            }
        }
        save(kind, record, part, changedBy, kind.created);
        return Written.created(record);
    }

    /** A person's edit of a whole part, made on the version they name (428 without, 412 if stale). */
    @Transactional
    public <T extends DomainResource> PlanPartRecord update(PlanPart<T> kind, String id, String ifMatch, T part,
            String changedBy) {
        if (ifMatch == null) {
            throw FhirException.versionRequired("Send If-Match: W/\"<version>\" with the version of " + kind.name()
                    + "/" + id + " you edited, so that nobody's change is overwritten");
        }
        long expected = ResourceVersions.parseIfMatch(ifMatch);
        if (part.getIdElement().getIdPart() != null && !id.equals(part.getIdElement().getIdPart())) {
            throw FhirException.invalid(kind.name() + ".id", "The body is " + kind.name() + "/"
                    + part.getIdElement().getIdPart() + " but the URL names " + kind.name() + "/" + id);
        }
        PlanPartRecord record = carePlans.lockForChange(find(kind, id));
        if (record.version != expected) {
            throw FhirException.preconditionFailed(kind.name() + "/" + id + " is at version " + record.version
                    + ", not " + expected + ": someone changed it since you read it; read it again and make your "
                    + "change on that");
        }
        NhsNumber person = kind.person(part);
        if (!record.nhsNumber.equals(person.value())) {
            throw FhirException.businessRule(kind.name() + "/" + id + " is about the person with NHS number "
                    + record.nhsNumber + "; its subject cannot change");
        }
        kind.check(part, changedBy);
        save(kind, record, part, changedBy, kind.updated);
        return record;
    }

    /** The current part of this type, or 404 (a CareTeam id asked for as a Goal is not a Goal). */
    static PlanPartRecord find(PlanPart<?> kind, String id) {
        PlanPartRecord record = PlanPartRecord.findById(id);
        if (record == null || !kind.name().equals(record.resourceType)) {
            throw FhirException.notFound(kind.name(), id);
        }
        return record;
    }

    /**
     * An event's change to the person's care team, made in the event's transaction: the team is
     * created with the plan if there is none yet.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changeCareTeam(NhsNumber person, String changedBy, Consumer<CareTeam> change) {
        carePlans.lockPerson(person.value());
        CarePlanRecord plan = CarePlanRecord.activeFor(person.value());
        PlanPartRecord record = plan == null ? null : PlanPartRecord.careTeamOf(plan.id);
        CareTeam team;
        if (record == null) {
            record = new PlanPartRecord();
            record.id = UUID.randomUUID().toString();
            record.resourceType = PlanPart.CARE_TEAM.name();
            record.nhsNumber = person.value();
            team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE).setName("One Team")
                    .setSubject(new Reference().setType("Patient").setIdentifier(
                            new Identifier().setSystem(NhsNumber.SYSTEM).setValue(person.value())));
        } else {
            team = Fhir.parse(CareTeam.class, record.resource);
        }
        change.accept(team);
        save(PlanPart.CARE_TEAM, record, team, changedBy, record.version == 0
                ? PlanPart.CARE_TEAM.created : PlanPart.CARE_TEAM.updated);
    }

    private <T extends DomainResource> void save(PlanPart<T> kind, PlanPartRecord record, T part, String changedBy,
            String eventType) {
        NhsNumber person = new NhsNumber(record.nhsNumber);
        String reference = kind.name() + "/" + record.id;
        CarePlanRecord plan = carePlans.change(person, changedBy, carePlan -> kind.show(carePlan, reference, part));
        record.carePlanId = plan.id;
        record.status = kind.status(part);
        record.write(part, new PlanPartVersion(), changedBy);
        kind.written(record, PlanPartRecord.getEntityManager());
        outbox.publish(OutboundEvent.of(Topics.CARE_PLANS, eventType, kind.name(), record));
    }
}
