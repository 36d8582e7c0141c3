package city.onetem.referrals;

import city.onetem.platform.events.ReferralContract;
import java.util.Date;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;

/**
 * Writes what the SPA knows of a referral onto its ServiceRequest, so that every version read or
 * published says where the referral is: state, priority, routed cluster, the 2-hour clock, links.
 */
final class ReferralFhir {

    static final String UCR_CLOCK = "https://onetem.city/fhir/StructureDefinition/ucr-clock";
    static final String TRIAGE = "https://onetem.city/fhir/StructureDefinition/triage-decision";
    static final String UNROUTED = "https://onetem.city/fhir/StructureDefinition/unrouted-reason";
    static final String REFERRAL_ID_SYSTEM = ReferralContract.REFERRAL_ID_SYSTEM;

    private ReferralFhir() {
    }

    static void stamp(ServiceRequest request, Referral referral, String clusterName) {
        request.setStatus(referral.state.fhirStatus());
        request.getCategory().forEach(category -> category.getCoding().stream()
                .filter(coding -> ServiceCategory.SYSTEM.equals(coding.getSystem()) && !coding.hasDisplay())
                .forEach(coding -> coding.setDisplay(referral.category.display())));
        setExtension(request, ReferralState.EXTENSION, new CodeType(referral.state.code()));
        request.setPriority(referral.priority.fhir());
        request.getPerformer().clear();
        removeExtension(request, UNROUTED);
        if (referral.cluster != null) {
            request.addPerformer(new Reference().setType("Organization").setDisplay(clusterName)
                    .setIdentifier(new Identifier().setSystem(Cluster.IDENTIFIER_SYSTEM).setValue(referral.cluster)));
        } else {
            request.addExtension(UNROUTED, new StringType(referral.practiceOds == null
                    ? "The referral does not name the person's registered GP practice"
                    : "GP practice " + referral.practiceOds + " is not in the cluster map"));
        }
        if (!request.hasAuthoredOn()) {
            request.setAuthoredOn(Date.from(referral.receivedAt));
        }
        if (referral.priority == ReferralPriority.UCR_2_HOUR) {
            removeExtension(request, UCR_CLOCK);
            Extension clock = request.addExtension().setUrl(UCR_CLOCK);
            clock.addExtension("received", new DateTimeType(Date.from(referral.receivedAt)));
            if (referral.firstContactAt != null) {
                clock.addExtension("firstFaceToFaceContact", new DateTimeType(Date.from(referral.firstContactAt)));
                clock.addExtension("seenWithinTwoHours", new BooleanType(UrgentResponseClock.withinTwoHours(referral)));
            }
        }
        if (referral.linkedTo != null && request.getSupportingInfo().stream()
                .noneMatch(r -> referral.linkedTo.equals(r.getIdentifier().getValue()))) {
            request.addSupportingInfo(new Reference().setType("ServiceRequest")
                    .setIdentifier(new Identifier().setSystem(REFERRAL_ID_SYSTEM).setValue(referral.linkedTo))
                    .setDisplay("Open referral for the same person"));
        }
    }

    private static void setExtension(ServiceRequest request, String url, org.hl7.fhir.r4.model.Type value) {
        removeExtension(request, url);
        request.addExtension(url, value);
    }

    static void removeExtension(ServiceRequest request, String url) {
        request.getExtension().removeIf(extension -> url.equals(extension.getUrl()));
    }
}
