package city.onetem.careplans;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.EventHandler;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.IdempotentConsumer;
import city.onetem.platform.events.InboundEvent;
import city.onetem.platform.events.ReferralContract;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.NhsNumber;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * Referrals from the Single Point of Access become part of the person's plan: each referral is
 * an activity on the plan, kept at its latest state (received, accepted by a cluster team,
 * declined, ...), so every agency sees what was asked for, by whom, and what became of it.
 */
@ApplicationScoped
public class ReferralEvents implements EventHandler {

    /** The events that change what a referral is; clock events do not change the plan. */
    static final Set<String> LIFECYCLE = Set.of(EventTypes.REFERRAL_RECEIVED, EventTypes.REFERRAL_TRIAGED,
            EventTypes.REFERRAL_ACCEPTED, EventTypes.REFERRAL_REDIRECTED, EventTypes.REFERRAL_DECLINED,
            EventTypes.REFERRAL_COMPLETED, EventTypes.REFERRAL_CANCELLED, EventTypes.REFERRAL_ENTERED_IN_ERROR,
            EventTypes.REFERRAL_AMENDED);
    /** The events that bring what the referrer said (carers, alerts), received or as updated. */
    static final Set<String> FROM_THE_REFERRER = Set.of(EventTypes.REFERRAL_RECEIVED, EventTypes.REFERRAL_AMENDED);

    @Inject
    IdempotentConsumer consumer;
    @Inject
    CarePlans carePlans;
    @Inject
    Tasks tasks;
    @Inject
    PlanParts parts;

    @Incoming("referrals")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        consumer.consume(record, this);
    }

    @Override
    public String topic() {
        return Topics.REFERRALS;
    }

    @Override
    public boolean applies(String type) {
        return LIFECYCLE.contains(type);
    }

    /** Every referral event applied moves the referral's version forward first ({@link #referralChanged}). */
    @Override
    public Guard guard() {
        return Guard.RESOURCE_VERSION;
    }

    @Override
    public void apply(InboundEvent event) {
        if (applies(event.type())) {
            referralChanged(event);
        }
    }

    private void referralChanged(InboundEvent event) {
        ServiceRequest referral = event.resource(ServiceRequest.class);
        if (!consumer.isNewer(event, referral)) {
            return;
        }
        NhsNumber person = event.person(referral.getSubject().getIdentifier());
        Identifier cluster = referral.getPerformerFirstRep().getIdentifier();
        boolean fromReferrer = FROM_THE_REFERRER.contains(event.type());
        Consumer<CarePlan> onPlan = plan -> {
            if (fromReferrer) {
                ReferrerContent.showFlags(plan, ReferrerContent.flags(referral), person);
            }
            PlanActivities.show(plan, ReferralContract.REFERRAL_ID_SYSTEM, referral.getIdElement().getIdPart(),
                    "ServiceRequest", describe(referral));
            boolean unheld = plan.getExtensionByUrl(CarePlanContract.CLUSTER_EXTENSION) == null;
            if ((unheld || EventTypes.REFERRAL_ACCEPTED.equals(event.type()))
                    && ReferralContract.CLUSTER_SYSTEM.equals(cluster.getSystem())) {
                // The cluster the SPA routed the person to holds a plan nobody holds yet, so its team
                // sees the referral arrive; the accepting cluster's team holds it from then on.
                plan.getExtension().removeIf(e -> CarePlanContract.CLUSTER_EXTENSION.equals(e.getUrl()));
                plan.addExtension(CarePlanContract.CLUSTER_EXTENSION, cluster.copy());
            }
        };
        // Everything below is one version of the plan: the changes of one transaction are coalesced.
        CarePlanRecord plan = carePlans.change(person, CarePlans.changedBy(event), onPlan);
        var carers = fromReferrer ? ReferrerContent.carers(referral) : List.<RelatedPerson>of();
        if (!carers.isEmpty()) {
            // The carers the referrer names join the care team, once; no team version when none is new.
            // Most referrals name none, and then the team is not read at all.
            PlanPartRecord teamRecord = PlanPartRecord.careTeamOf(plan.id);
            CareTeam team = teamRecord == null ? null : Fhir.parse(CareTeam.class, teamRecord.resource);
            if (!ReferrerContent.notYetOn(team, carers).isEmpty()) {
                parts.changeCareTeam(person, CarePlans.changedBy(event), changed -> ReferrerContent.join(changed,
                        carers, person));
            }
        }
        if (EventTypes.REFERRAL_ACCEPTED.equals(event.type())) {
            // The accepting team's first job: respond to the referral.
            tasks.add(person, respondTo(referral), event.source() + "|ServiceRequest/"
                    + referral.getIdElement().getIdPart() + "|respond", CarePlans.changedBy(event));
            if (ReferralContract.CLUSTER_SYSTEM.equals(cluster.getSystem())) {
                parts.changeCareTeam(person, CarePlans.changedBy(event), team -> joins(team, referral));
            }
        }
    }

    /** The accepting cluster team joins the person's care team, once however many referrals it accepts. */
    private static void joins(CareTeam team, ServiceRequest referral) {
        Reference clusterTeam = referral.getPerformerFirstRep();
        String cluster = clusterTeam.getIdentifier().getValue();
        boolean member = team.getParticipant().stream().anyMatch(p -> cluster.equals(p.getMember().getIdentifier().getValue())
                && ReferralContract.CLUSTER_SYSTEM.equals(p.getMember().getIdentifier().getSystem()));
        if (!member) {
            team.addParticipant().setMember(clusterTeam.copy().setType("CareTeam")).addRole().addCoding()
                    .setSystem(CarePlanContract.CARE_TEAM_ROLE_SYSTEM).setCode(CarePlanContract.CLUSTER_TEAM)
                    .setDisplay("Neighbourhood cluster team");
        }
    }

    private static Task respondTo(ServiceRequest referral) {
        Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER)
                .setDescription("Respond to the " + describe(referral).split(" referral")[0].toLowerCase() + " referral");
        task.setFocus(new Reference().setType("ServiceRequest").setIdentifier(new Identifier()
                .setSystem(ReferralContract.REFERRAL_ID_SYSTEM).setValue(referral.getIdElement().getIdPart())));
        task.setOwner(referral.getPerformerFirstRep().copy());
        if (referral.getPriority() == ServiceRequest.ServiceRequestPriority.ASAP) {
            task.setPriority(Task.TaskPriority.ASAP);
        }
        return task;
    }

    /** "Community nursing referral: accepted by East cluster", as a person reading the plan would say it. */
    static String describe(ServiceRequest referral) {
        var category = referral.getCategoryFirstRep();
        String what = category.hasText() ? category.getText()
                : category.getCodingFirstRep().hasDisplay() ? category.getCodingFirstRep().getDisplay()
                : category.getCodingFirstRep().hasCode() ? category.getCodingFirstRep().getCode() : "Referral";
        // Tolerant of what another SPA version might leave out: a referral shows on the plan anyway.
        Extension state = referral.getExtensionByUrl(ReferralContract.STATE_EXTENSION);
        String status = state != null && state.getValue() != null && state.getValue().hasPrimitiveValue()
                ? state.getValue().primitiveValue()
                : referral.getStatus() != null ? referral.getStatus().toCode() : "status not given";
        String team = referral.getPerformerFirstRep().getDisplay();
        return what + " referral: " + status + ("accepted".equals(status) && team != null ? " by " + team : "");
    }
}
