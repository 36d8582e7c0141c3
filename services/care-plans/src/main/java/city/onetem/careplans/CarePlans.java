package city.onetem.careplans;

import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.PersonLocks;
import city.onetem.platform.events.ReferralContract;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.ConditionalCreate;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.ResourceVersions;
import city.onetem.platform.relationships.PlanRelationships;
import city.onetem.platform.store.IdentifierMatches;
import city.onetem.platform.store.VersionedResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.CarePlan.CarePlanIntent;
import org.hl7.fhir.r4.model.CarePlan.CarePlanStatus;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Keeps one active care plan per person and publishes each change through the outbox: a new
 * plan as careplan.created.v1, every later version as careplan.updated.v1.
 */
@ApplicationScoped
public class CarePlans {

    @Inject
    Outbox outbox;
    @Inject
    TransactionSynchronizationRegistry transaction;
    @Inject
    PersonLocks personLocks;
    @Inject
    CareRelationships relationships;
    @Inject
    AgroalDataSource dataSource;

    /**
     * The plan version this transaction wrote, its event, who might see the plan before it
     * ({@code before}: null for a new plan) and the event saying who may now, once it changed.
     */
    private static final class Written {
        final CarePlanRecord record;
        final CarePlan plan;
        final CarePlanVersion version;
        final UUID event;
        final PlanRelationships before;
        UUID relationships;

        Written(CarePlanRecord record, CarePlan plan, CarePlanVersion version, UUID event, PlanRelationships before) {
            this.record = record;
            this.plan = plan;
            this.version = version;
            this.event = event;
            this.before = before;
        }
    }

    /**
     * Applies a change to the person's active plan, creating the plan first if they have none.
     * All changes one transaction makes to a plan (an event that adds a task and a care team
     * member, say) are one version and one event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CarePlanRecord change(NhsNumber person, String changedBy, Consumer<CarePlan> change) {
        String key = CarePlans.class.getName() + "|" + person.value();
        if (transaction.getResource(key) instanceof Written written) {
            change.accept(written.plan);
            written.record.index(written.plan);
            written.record.rewrite(written.plan, written.version);
            outbox.replace(written.event, written.record.resource);
            written.relationships = publishRelationships(written.before, written.plan, written.record,
                    written.relationships);
            return written.record;
        }
        lockPerson(person.value());
        CarePlanRecord record = CarePlanRecord.activeFor(person.value());
        boolean created = record == null;
        CarePlan plan;
        if (created) {
            record = new CarePlanRecord();
            record.id = UUID.randomUUID().toString();
            record.nhsNumber = person.value();
            record.status = CarePlanRecord.ACTIVE;
            plan = newPlan(person);
            carryObjections(plan);
            if (Arc.container().requestContext().isActive()) {
                relationships.hold(plan); // made through the API: the caller's team holds it
            }
        } else {
            plan = Fhir.parse(CarePlan.class, record.resource);
        }
        PlanRelationships before = created ? null : PlanRelationships.of(plan);
        change.accept(plan);
        record.index(plan);
        CarePlanVersion version = new CarePlanVersion();
        record.write(plan, version, changedBy);
        UUID event = outbox.publish(OutboundEvent.of(Topics.CARE_PLANS,
                created ? EventTypes.CAREPLAN_CREATED : EventTypes.CAREPLAN_UPDATED, "CarePlan", record));
        Written written = new Written(record, plan, version, event, before);
        written.relationships = publishRelationships(before, plan, record, null);
        transaction.putResource(key, written);
        return record;
    }

    /** A plan made by a person for someone who has none; 409 naming the plan they already have. */
    @Transactional
    public city.onetem.platform.store.Written<CarePlanRecord> create(CarePlan plan, String changedBy, ConditionalCreate condition) {
        Identifier subject = plan.getSubject().getIdentifier();
        String problem = !NhsNumber.SYSTEM.equals(subject.getSystem()) ? "names no NHS number (" + NhsNumber.SYSTEM + ")"
                : NhsNumber.problem(subject.getValue());
        if (problem != null) {
            throw FhirException.invalid("CarePlan.subject.identifier", "CarePlan.subject must name the person by NHS "
                    + "number: " + problem);
        }
        requireStatusAndIntent(plan);
        PlanContent.check(plan, TargetGroup.codes());
        if (plan.getStatus() != CarePlanStatus.ACTIVE) {
            throw FhirException.invalid("CarePlan.status", "The shared plan is active from the start, not "
                    + plan.getStatus().toCode());
        }
        Extension cluster = plan.getExtensionByUrl(CarePlanContract.CLUSTER_EXTENSION);
        if (cluster != null && cluster.getValue() instanceof Identifier team) {
            relationships.requireTeam(team.getValue());
        }
        relationships.hold(plan);
        lockPerson(subject.getValue());
        relationships.requireOrNew(subject.getValue());
        if (condition != null) {
            String found = condition.existing("CarePlan", IdentifierMatches.in("care_plan", null, condition.identifier()),
                    subject.getValue()).orElse(null);
            if (found != null) {
                return city.onetem.platform.store.Written.found(CarePlanRecord.findById(found));
            }
        }
        CarePlanRecord existing = CarePlanRecord.activeFor(subject.getValue());
        if (existing != null) {
            throw FhirException.conflict("This person already has CarePlan/" + existing.id + ": one shared plan per "
                    + "person; add to that one (PUT with If-Match)");
        }
        NhsNumber person = new NhsNumber(subject.getValue());
        return city.onetem.platform.store.Written.created(change(person, changedBy, fresh -> {
            CarePlan carried = fresh.copy();
            plan.setCreated(plan.hasCreated() ? plan.getCreated() : fresh.getCreated());
            plan.copyValues(fresh);
            keepFromParts(carried, fresh);
        }));
    }

    /**
     * A person's edit of the whole plan. It must name the version it was made on: if someone else
     * has changed the plan since, it fails with 412 and changes nothing, so no edit is silently lost.
     */
    @Transactional
    public CarePlanRecord update(String id, String ifMatch, CarePlan edited, String changedBy) {
        if (ifMatch == null) {
            throw FhirException.versionRequired("Send If-Match: W/\"<version>\" with the version of CarePlan/" + id
                    + " you edited, so that nobody's change is overwritten");
        }
        long expected = ResourceVersions.parseIfMatch(ifMatch);
        if (edited.hasIdElement() && edited.getIdElement().getIdPart() != null
                && !id.equals(edited.getIdElement().getIdPart())) {
            throw FhirException.invalid("CarePlan.id", "The body is CarePlan/" + edited.getIdElement().getIdPart()
                    + " but the URL names CarePlan/" + id);
        }
        CarePlanRecord record = lockPlan(id);
        if (record.version != expected) {
            throw FhirException.preconditionFailed("CarePlan/" + id + " is at version " + record.version + ", not "
                    + expected + ": someone changed it since you read it; read it again and make your change on that");
        }
        String subject = edited.getSubject().getIdentifier().getValue();
        if (!record.nhsNumber.equals(subject) || !NhsNumber.SYSTEM.equals(edited.getSubject().getIdentifier().getSystem())) {
            throw FhirException.businessRule("CarePlan/" + id + " is the plan of the person with NHS number "
                    + record.nhsNumber + "; its subject cannot change");
        }
        requireStatusAndIntent(edited);
        PlanContent.check(edited, TargetGroup.codes());
        keepHoldingTeam(record, edited);
        CarePlan stored = Fhir.parse(CarePlan.class, record.resource);
        keepFromParts(stored, edited);
        record.status = edited.getStatus().toCode();
        record.index(edited);
        record.write(edited, new CarePlanVersion(), changedBy);
        outbox.publish(OutboundEvent.of(Topics.CARE_PLANS, EventTypes.CAREPLAN_UPDATED, "CarePlan", record));
        publishRelationships(PlanRelationships.of(stored), edited, record, null);
        return record;
    }

    /**
     * Publishes who may see the person's records (relationships.v1) when this change altered it,
     * or replaces the event this transaction already published; the other services read that
     * rare, small event instead of every version of the plan. Returns the pending event, if any.
     */
    private UUID publishRelationships(PlanRelationships before, CarePlan plan, CarePlanRecord record, UUID pending) {
        PlanRelationships now = PlanRelationships.of(plan);
        if (pending != null) {
            outbox.replace(pending, now.toJson());
            return pending;
        }
        if (now.sameAccessAs(before)) {
            return null;
        }
        return outbox.publish(new OutboundEvent(Topics.RELATIONSHIPS, EventTypes.CAREPLAN_RELATIONSHIPS,
                new NhsNumber(record.nhsNumber), "CarePlan/" + record.id, record.lastUpdated, now.toJson()));
    }

    /**
     * An objection is the person's, not one plan's: a new plan (their first, or the next after one
     * completed) shows the Consents in force, so that it and the relationships event it makes
     * refuse whom the person refused. Asked of sharing_objection (the active objections' rules,
     * written with each Consent) in plain SQL: almost every new plan has none, and a Hibernate
     * query would flush the session first.
     */
    private void carryObjections(CarePlan plan) {
        List<String> consents = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select distinct consent_id from sharing_objection where nhs_number = ? order by consent_id")) {
            select.setString(1, plan.getSubject().getIdentifier().getValue());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    consents.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the person's objections to sharing: " + e.getMessage(), e);
        }
        for (String id : consents) {
            PlanPartRecord consent = PlanPartRecord.findById(id);
            PlanPart.CONSENT.show(plan, "Consent/" + id, Fhir.parse(Consent.class, consent.resource));
        }
    }

    /** What a plan carries of the person's Consents and CareTeams: theirs to change, not a plan editor's. */
    private static final List<String> FROM_PARTS = List.of(CarePlanContract.SHARING_OBJECTION_EXTENSION,
            CarePlanContract.CARE_TEAM_MEMBER_EXTENSION);

    /**
     * A whole plan written by a person (an edit, or a new plan) that leaves out (or adds) objections
     * to sharing or care team members would otherwise change who may see the person's records: they
     * come from the person's Consents and CareTeams, so the stored ones stay, with the lines that
     * show the objections to those still allowed.
     */
    private static void keepFromParts(CarePlan stored, CarePlan edited) {
        edited.getExtension().removeIf(e -> FROM_PARTS.contains(e.getUrl()));
        stored.getExtension().stream().filter(e -> FROM_PARTS.contains(e.getUrl()))
                .forEach(kept -> edited.addExtension(kept.copy()));
        edited.getSupportingInfo().removeIf(CarePlans::showsConsent);
        stored.getSupportingInfo().stream().filter(CarePlans::showsConsent)
                .forEach(kept -> edited.addSupportingInfo(kept.copy()));
    }

    private static boolean showsConsent(Reference line) {
        return line.getReference() != null && line.getReference().startsWith("Consent/");
    }

    /** A cluster team's code, as the SPA's cluster map names it (e.g. central, north-east). */
    private static final java.util.regex.Pattern CLUSTER_CODE = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** The SPA hands a plan no team holds to a cluster team; 409 if one holds it already, 404 if none. */
    @Transactional
    public CarePlanRecord handOver(String id, String cluster, String changedBy) {
        if (!CLUSTER_CODE.matcher(cluster).matches()) {
            throw FhirException.invalid("Parameters.parameter('cluster')", "$hand-over: '" + cluster + "' is not a"
                    + " cluster code (lower case letters, digits and hyphens, as in the SPA's cluster map)");
        }
        CarePlanRecord record = lockPlan(id);
        if (record.cluster != null) {
            throw FhirException.conflict("CarePlan/" + id + " is held by the " + record.cluster + " team already: a"
                    + " member of that team hands it to another by editing the plan");
        }
        return change(new NhsNumber(record.nhsNumber), changedBy, plan -> plan.addExtension(
                CarePlanContract.CLUSTER_EXTENSION, new Identifier().setSystem(ReferralContract.CLUSTER_SYSTEM)
                        .setValue(cluster)));
    }

    /** The person's writers one at a time, until this transaction ends ({@link PersonLocks}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockPerson(String nhsNumber) {
        personLocks.lock(new NhsNumber(nhsNumber));
    }

    /** The plan, locked for a change; 404 if none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CarePlanRecord lockPlan(String id) {
        CarePlanRecord record = CarePlanRecord.findById(id);
        if (record == null) {
            throw FhirException.notFound("CarePlan", id);
        }
        return lockForChange(record);
    }

    /**
     * Locks a record of a person's (their plan, a task, a part) for a change, re-reading it: the
     * person first, then the row, as every writer does.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <R extends VersionedResource> R lockForChange(R record) {
        AuditTrail.about(record.nhsNumber);
        lockPerson(record.nhsNumber);
        CarePlanRecord.getEntityManager().refresh(record, LockModeType.PESSIMISTIC_WRITE);
        return record;
    }

    /**
     * The team holding a plan changes when a team accepts the person's referral, or when a member
     * of the new team says so: an edit that leaves the extension out keeps the team it had.
     */
    private void keepHoldingTeam(CarePlanRecord record, CarePlan edited) {
        Extension named = edited.getExtensionByUrl(CarePlanContract.CLUSTER_EXTENSION);
        if (named == null && record.cluster != null) {
            edited.addExtension(CarePlanContract.CLUSTER_EXTENSION,
                    new Identifier().setSystem(ReferralContract.CLUSTER_SYSTEM).setValue(record.cluster));
        } else if (named != null && named.getValue() instanceof Identifier team
                && !team.getValue().equals(record.cluster)) {
            relationships.requireTeam(team.getValue());
        }
    }

    private static void requireStatusAndIntent(CarePlan plan) {
        if (plan.getStatus() == null || plan.getIntent() == null) {
            throw FhirException.invalid("CarePlan.status", "CarePlan.status and CarePlan.intent are required");
        }
    }

    /** How a version made by an event names its author: the event, its type and its source. */
    static String changedBy(city.onetem.platform.events.InboundEvent event) {
        return "event " + event.type() + " " + event.id() + " from " + event.source();
    }

    /** The event that made a version, from its author as {@link #changedBy} wrote it: type, id, source; null for a person. */
    static String[] madeBy(String changedBy) {
        String[] words = changedBy == null ? new String[0] : changedBy.split(" ");
        return words.length == 5 && "event".equals(words[0]) && "from".equals(words[3])
                ? new String[] {words[1], words[2], words[4]} : null;
    }

    private static CarePlan newPlan(NhsNumber person) {
        CarePlan plan = new CarePlan()
                .setStatus(CarePlanStatus.ACTIVE)
                .setIntent(CarePlanIntent.PLAN)
                .setTitle("One Team care plan")
                .setCreated(new Date())
                .setSubject(new Reference().setType("Patient")
                        .setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(person.value())));
        plan.addCategory().setText("One Team shared care plan");
        return plan;
    }
}
