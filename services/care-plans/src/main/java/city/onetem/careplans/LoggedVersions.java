package city.onetem.careplans;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.InboundEvent;
import city.onetem.platform.fhir.Fhir;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    @Inject
    EntityManager entities;

    /** Restores one poll's records, in their order, in one transaction; returns how many versions were new here. */
    @Transactional
    int restore(List<ConsumerRecord<String, String>> records) {
        int restored = 0;
        for (ConsumerRecord<String, String> record : records) {
            String subject = InboundEvent.header(record, CloudEventHeaders.SUBJECT);
            if (record.value() == null || subject == null) {
                LOG.warnf("Passed over %s-%d@%d: not an event with a subject", record.topic(), record.partition(),
                        record.offset());
                continue;
            }
            if (restore(subject.substring(0, subject.indexOf('/')), record.value())) {
                restored++;
            }
        }
        return restored;
    }

    private boolean restore(String type, String json) {
        return switch (type) {
            case "CarePlan" -> {
                CarePlan plan = Fhir.parse(CarePlan.class, json);
                keepTargetGroups(plan);
                yield made(find(CarePlanRecord.class, plan), new CarePlanRecord()).restore(plan, json)
                        && handled(plan);
            }
            case "Task" -> {
                Task task = Fhir.parse(Task.class, json);
                yield made(find(TaskRecord.class, task), new TaskRecord()).restore(task, json) && handled(task);
            }
            case "CareTeam" -> part(PlanPart.CARE_TEAM, json);
            case "Goal" -> part(PlanPart.GOAL, json);
            case "QuestionnaireResponse" -> part(PlanPart.ASSESSMENT, json);
            case "Consent" -> part(PlanPart.CONSENT, json);
            default -> {
                LOG.warnf("Passed over a %s on %s: care-plans holds no such resource", type,
                        city.onetem.platform.events.Topics.CARE_PLANS);
                yield false;
            }
        };
    }

    private <T extends DomainResource> boolean part(PlanPart<T> kind, String json) {
        T part = Fhir.parse(kind.type, json);
        return made(find(PlanPartRecord.class, part), new PlanPartRecord()).restore(kind, part, json) && handled(part);
    }

    private <R> R find(Class<R> type, DomainResource resource) {
        return entities.find(type, resource.getIdElement().getIdPart());
    }

    private static <R> R made(R found, R fresh) {
        return found != null ? found : fresh;
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

    /** Records the event that made this version, if an event did, as handled here. */
    private boolean handled(DomainResource version) {
        String[] event = CarePlans.madeBy(city.onetem.platform.store.VersionedResource.changedBy(version));
        if (event != null) {
            entities.createNativeQuery("""
                    insert into processed_event (event_source, event_id, event_type) values (?1, ?2, ?3)
                    on conflict do nothing""").setParameter(1, event[2]).setParameter(2, event[1])
                    .setParameter(3, event[0]).executeUpdate();
        }
        return true;
    }
}
