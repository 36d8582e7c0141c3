package city.onetem.careplans;

import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.IdempotentConsumer;
import city.onetem.platform.events.InboundEvent;
import city.onetem.platform.events.PoisonEventException;
import city.onetem.platform.fhir.NhsNumber;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityComponent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Referrals from the Single Point of Access become part of the person's plan: the referral is
 * an activity on the plan, so every agency sees what was asked for and by whom.
 */
@ApplicationScoped
public class ReferralEvents {

    /** Identifies a referral across services: its id in the Single Point of Access. */
    public static final String REFERRAL_ID_SYSTEM = "https://onetem.city/Id/referral";

    @Inject
    IdempotentConsumer consumer;
    @Inject
    CarePlans carePlans;

    @Incoming("referrals")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        consumer.consume(record, event -> {
            if (EventTypes.REFERRAL_RECEIVED.equals(event.type())) {
                referralReceived(event);
            }
        });
    }

    private void referralReceived(InboundEvent event) {
        ServiceRequest referral = event.resource(ServiceRequest.class);
        String id = referral.getIdElement().getIdPart();
        if (id == null || !referral.getMeta().hasVersionId()) {
            throw new PoisonEventException("Referral event " + event.id() + " carries a ServiceRequest without id or version");
        }
        if (!consumer.advance(event.source() + "|ServiceRequest/" + id,
                Long.parseLong(referral.getMeta().getVersionId()))) {
            return;
        }
        NhsNumber person = new NhsNumber(referral.getSubject().getIdentifier().getValue());
        carePlans.change(person, "event " + event.type() + " " + event.id() + " from " + event.source(),
                plan -> recordReferral(plan, id, referral));
    }

    private static void recordReferral(CarePlan plan, String id, ServiceRequest referral) {
        CarePlanActivityComponent activity = plan.getActivity().stream()
                .filter(a -> id.equals(a.getReference().getIdentifier().getValue()))
                .findFirst()
                .orElseGet(plan::addActivity);
        String what = referral.getCategoryFirstRep().hasText() ? referral.getCategoryFirstRep().getText()
                : referral.getCategoryFirstRep().getCodingFirstRep().hasDisplay()
                        ? referral.getCategoryFirstRep().getCodingFirstRep().getDisplay() : "Referral";
        activity.setReference(new Reference().setType("ServiceRequest")
                .setIdentifier(new Identifier().setSystem(REFERRAL_ID_SYSTEM).setValue(id))
                .setDisplay(what + " referral (" + referral.getStatus().toCode() + ")"));
    }
}
