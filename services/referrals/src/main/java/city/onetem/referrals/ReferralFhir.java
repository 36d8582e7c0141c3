package city.onetem.referrals;

import city.onetem.platform.events.ReferralContract;
import java.util.Date;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
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
    /** Why the SPA must choose the service: on the referral while it waits on the "to-categorise" queue. */
    static final String TO_CATEGORISE = "https://onetem.city/fhir/StructureDefinition/to-categorise";
    /** On a referral received without an NHS number while it waits on the "trace" queue. */
    static final String TO_TRACE = "https://onetem.city/fhir/StructureDefinition/nhs-number-to-trace";
    static final String REFERRAL_ID_SYSTEM = ReferralContract.REFERRAL_ID_SYSTEM;

    private ReferralFhir() {
    }

    static void stamp(ServiceRequest request, Referral referral, String clusterName) {
        request.setStatus(referral.state.fhirStatus());
        category(request, referral);
        source(request, referral.source);
        removeExtension(request, TO_CATEGORISE);
        if (referral.toCategorise != null) {
            request.addExtension(TO_CATEGORISE, new StringType(referral.toCategorise));
        }
        removeExtension(request, TO_TRACE);
        if (referral.untraced()) {
            request.addExtension(TO_TRACE, new StringType("Received without an NHS number: the SPA traces it "
                    + "before the referral reaches the person's care plan"));
        }
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

    /** The SPA's service first, so every reader (and the care plan) sees it; the referrer's codings stay. */
    private static void category(ServiceRequest request, Referral referral) {
        request.getCategory().forEach(concept -> concept.getCoding()
                .removeIf(coding -> ServiceCategory.SYSTEM.equals(coding.getSystem())));
        request.getCategory().removeIf(concept -> concept.getCoding().isEmpty() && !concept.hasText());
        if (referral.category != null) {
            request.getCategory().add(0, new CodeableConcept(referral.category.coding(ServiceCategory.SYSTEM)));
        }
    }

    /** Who is referring, as the SPA reads it, beside the referrer's own coding of it (UK Core's extension). */
    private static void source(ServiceRequest request, ReferralSource source) {
        Extension stated = request.getExtensionByUrl(ReferralSource.EXTENSION);
        if (stated == null || !(stated.getValue() instanceof CodeableConcept concept)) {
            removeExtension(request, ReferralSource.EXTENSION);
            request.addExtension(ReferralSource.EXTENSION, new CodeableConcept(source.coding(ReferralSource.SYSTEM)));
            return;
        }
        concept.getCoding().removeIf(coding -> ReferralSource.SYSTEM.equals(coding.getSystem()));
        concept.addCoding(source.coding(ReferralSource.SYSTEM));
    }

    private static void setExtension(ServiceRequest request, String url, org.hl7.fhir.r4.model.Type value) {
        removeExtension(request, url);
        request.addExtension(url, value);
    }

    static void removeExtension(ServiceRequest request, String url) {
        request.getExtension().removeIf(extension -> url.equals(extension.getUrl()));
    }
}
