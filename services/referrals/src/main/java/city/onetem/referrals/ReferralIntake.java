package city.onetem.referrals;

import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.OutboundEvent;
import city.onetem.platform.events.Outbox;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Takes a referral in: checks it, stores it as version 1 and records referral.received.v1 in the
 * same transaction. A referral that fails a check changes nothing and publishes nothing.
 */
@ApplicationScoped
public class ReferralIntake {

    @Inject
    Outbox outbox;

    @Transactional
    public Referral receive(ServiceRequest request, String receivedBy) {
        NhsNumber person = check(request);
        Referral referral = new Referral();
        referral.id = UUID.randomUUID().toString();
        referral.nhsNumber = person.value();
        referral.status = request.getStatus().toCode();
        referral.write(request, new ReferralVersion(), receivedBy);
        outbox.publish(new OutboundEvent(Topics.REFERRALS, EventTypes.REFERRAL_RECEIVED, person,
                "ServiceRequest/" + referral.id, request));
        return referral;
    }

    /** The checks every referral passes, each failure named by the element to correct. */
    static NhsNumber check(ServiceRequest request) {
        if (request.getStatus() == null) {
            throw FhirException.invalid("ServiceRequest.status", "ServiceRequest.status is required (use active)");
        }
        if (request.getIntent() == null) {
            throw FhirException.invalid("ServiceRequest.intent", "ServiceRequest.intent is required (use order)");
        }
        Identifier identifier = request.getSubject().getIdentifier();
        if (!NhsNumber.SYSTEM.equals(identifier.getSystem()) || !identifier.hasValue()) {
            throw FhirException.invalid("ServiceRequest.subject.identifier",
                    "ServiceRequest.subject.identifier must carry the person's NHS number with system "
                            + NhsNumber.SYSTEM);
        }
        String problem = NhsNumber.problem(identifier.getValue());
        if (problem != null) {
            throw FhirException.invalid("ServiceRequest.subject.identifier.value", problem);
        }
        return new NhsNumber(identifier.getValue());
    }
}
