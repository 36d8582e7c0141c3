package city.onetem.careplans;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.InboundEvent;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.store.ResourceVersion;
import city.onetem.platform.store.VersionedResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hibernate.Session;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Task;
import org.jboss.logging.Logger;

/**
 * Puts back into care-plans' database the resource versions its events on careplans.v1 carry:
 * each event holds one version whole (id, meta.versionId, meta.lastUpdated, who changed it), as
 * it was stored, so the log read in order gives back the plans, their parts and tasks with every
 * version of their history, and the columns searches use. A version made by another service's
 * event also records that event as handled, so the consumer does not apply it again.
 */
@ApplicationScoped
class LoggedVersions {

    private static final Logger LOG = Logger.getLogger(LoggedVersions.class);
    private static final int BATCH = 500;

    @Inject
    EntityManager entities;

    /**
     * Restores one poll's records, in their order, in one transaction; returns how many versions
     * were new here. The records held already are read in one query per table, and the writes go
     * in JDBC batches at the commit, a table at a time: a round trip per version made the rebuild
     * wait on the database (about 350 versions a second).
     */
    @Transactional
    int restore(List<ConsumerRecord<String, String>> records) {
        entities.setFlushMode(FlushModeType.COMMIT);
        entities.unwrap(Session.class).setJdbcBatchSize(BATCH);
        Poll poll = new Poll(records);
        for (ConsumerRecord<String, String> record : records) {
            String subject = InboundEvent.header(record, CloudEventHeaders.SUBJECT);
            if (record.value() == null || subject == null || subject.indexOf('/') < 0) {
                LOG.warnf("Passed over %s-%d@%d: not an event with a subject", record.topic(), record.partition(),
                        record.offset());
                continue;
            }
            restore(poll, subject.substring(0, subject.indexOf('/')), record.value());
        }
        poll.history.forEach(version -> version.persist());
        recordHandled(poll.handled);
        return poll.history.size();
    }

    /** What one poll restores: the rows it found or made, people's active plans as it leaves them, what it wrote. */
    private final class Poll {
        final Map<String, VersionedResource> rows = new HashMap<>();
        final Map<String, String> activePlans = new HashMap<>();
        final List<ResourceVersion> history = new ArrayList<>();
        final Set<List<String>> handled = new LinkedHashSet<>();

        Poll(List<ConsumerRecord<String, String>> records) {
            Map<String, List<String>> ids = new HashMap<>();
            for (ConsumerRecord<String, String> record : records) {
                String subject = InboundEvent.header(record, CloudEventHeaders.SUBJECT);
                if (subject != null && subject.indexOf('/') > 0) {
                    ids.computeIfAbsent(table(subject.substring(0, subject.indexOf('/'))), t -> new ArrayList<>())
                            .add(subject.substring(subject.indexOf('/') + 1));
                }
            }
            ids.forEach((entity, wanted) -> {
                if (entity != null) {
                    entities.createQuery("from " + entity + " where id in :ids", VersionedResource.class)
                            .setParameter("ids", wanted).getResultList().forEach(row -> rows.put(row.id, row));
                }
            });
        }

        @SuppressWarnings("unchecked")
        <R extends VersionedResource> R row(String id, Supplier<R> fresh) {
            return (R) rows.computeIfAbsent(id, made -> fresh.get());
        }

        /** The person's active plan as restored so far: this poll's changes, else the database's. */
        String activePlan(String nhsNumber) {
            if (activePlans.containsKey(nhsNumber)) {
                return activePlans.get(nhsNumber);
            }
            CarePlanRecord held = CarePlanRecord.activeFor(nhsNumber);
            return held == null ? null : held.id;
        }

        /** Keeps the version's history row, and the event that made it (if an event did) as handled. */
        void restored(ResourceVersion version, DomainResource resource) {
            if (version == null) {
                return;
            }
            history.add(version);
            String[] event = CarePlans.madeBy(VersionedResource.changedBy(resource));
            if (event != null) {
                handled.add(List.of(event[2], event[1], event[0]));
            }
        }
    }

    private static String table(String resourceType) {
        return switch (resourceType) {
            case "CarePlan" -> "CarePlanRecord";
            case "Task" -> "TaskRecord";
            case "CareTeam", "Goal", "QuestionnaireResponse", "Consent" -> "PlanPartRecord";
            default -> null;
        };
    }

    private void restore(Poll poll, String type, String json) {
        switch (type) {
            case "CarePlan" -> {
                CarePlan plan = Fhir.parse(CarePlan.class, json);
                keepTargetGroups(plan);
                CarePlanRecord record = poll.row(plan.getIdElement().getIdPart(), CarePlanRecord::new);
                CarePlanVersion version = record.restore(plan, json);
                if (version != null && CarePlanRecord.ACTIVE.equals(record.status)) {
                    poll.activePlans.put(record.nhsNumber, record.id);
                } else if (version != null && record.id.equals(poll.activePlan(record.nhsNumber))) {
                    poll.activePlans.put(record.nhsNumber, null);
                }
                poll.restored(version, plan);
            }
            case "Task" -> {
                Task task = Fhir.parse(Task.class, json);
                TaskRecord record = poll.row(task.getIdElement().getIdPart(), TaskRecord::new);
                poll.restored(record.restore(task, json), task);
            }
            case "CareTeam" -> part(poll, PlanPart.CARE_TEAM, json);
            case "Goal" -> part(poll, PlanPart.GOAL, json);
            case "QuestionnaireResponse" -> part(poll, PlanPart.ASSESSMENT, json);
            case "Consent" -> part(poll, PlanPart.CONSENT, json);
            default -> LOG.warnf("Passed over a %s on %s: care-plans holds no such resource", type, Topics.CARE_PLANS);
        }
    }

    /** A part is saved on its person's active plan, whose version comes before the part's on the log. */
    private <T extends DomainResource> void part(Poll poll, PlanPart<T> kind, String json) {
        T part = Fhir.parse(kind.type, json);
        PlanPartRecord record = poll.row(part.getIdElement().getIdPart(), PlanPartRecord::new);
        poll.restored(record.restore(kind, part, json, poll.activePlan(kind.subject(part).getIdentifier().getValue())),
                part);
    }

    /**
     * The city's target groups the plan is in must exist for its rows to; one the city added
     * since the database was made comes back under the name the plan's coding gives it.
     */
    private void keepTargetGroups(CarePlan plan) {
        plan.getCategory().forEach(category -> category.getCoding().stream()
                .filter(coding -> CarePlanContract.TARGET_GROUP_SYSTEM.equals(coding.getSystem()) && coding.hasCode())
                .forEach(coding -> entities.createNativeQuery(
                        "insert into target_group (code, name) values (?1, ?2) on conflict do nothing")
                        .setParameter(1, coding.getCode())
                        .setParameter(2, coding.hasDisplay() ? coding.getDisplay() : coding.getCode())
                        .executeUpdate()));
    }

    /** The events (source, id, type) that made the versions restored, as handled here: one statement. */
    private void recordHandled(Set<List<String>> events) {
        if (events.isEmpty()) {
            return;
        }
        entities.createNativeQuery("""
                insert into processed_event (event_source, event_id, event_type)
                select * from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]))
                on conflict do nothing""")
                .setParameter(1, events.stream().map(e -> e.get(0)).toArray(String[]::new))
                .setParameter(2, events.stream().map(e -> e.get(1)).toArray(String[]::new))
                .setParameter(3, events.stream().map(e -> e.get(2)).toArray(String[]::new))
                .executeUpdate();
    }
}
