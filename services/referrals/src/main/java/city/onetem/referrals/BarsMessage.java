package city.onetem.referrals;

import city.onetem.platform.fhir.FhirException;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A referral sent as an NHS Booking and Referral Standard (BaRS) message: a FHIR message Bundle
 * whose MessageHeader names the event and focuses the ServiceRequest, with the Patient and
 * supporting entries (Encounter, Flag, Observation, QuestionnaireResponse) alongside.
 */
record BarsMessage(MessageHeader header, ServiceRequest request, Patient patient) {

    static final String EVENT_SYSTEM = "https://fhir.nhs.uk/CodeSystem/message-events-bars";
    static final String REFERRAL_EVENT = "servicerequest-request";
    /** The message id as a referral identifier, so the same message sent twice is one referral. */
    static final String MESSAGE_ID_SYSTEM = "https://onetem.city/Id/bars-message";
    private static final List<String> SUPPORTING = List.of("Encounter", "Flag", "Observation",
            "QuestionnaireResponse", "Condition", "Consent", "CarePlan");

    static BarsMessage read(Bundle bundle) {
        if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            throw FhirException.invalid("Bundle.type", "$process-message takes a Bundle of type message, not "
                    + (bundle.getType() == null ? "none" : bundle.getType().toCode()));
        }
        if (!(bundle.getEntryFirstRep().getResource() instanceof MessageHeader header)) {
            throw FhirException.invalid("Bundle.entry[0]", "The first entry of a message is its MessageHeader");
        }
        if (!header.hasId()) {
            throw FhirException.invalid("MessageHeader.id", "The MessageHeader needs an id: it identifies the message");
        }
        Coding event = header.getEventCoding();
        if (!EVENT_SYSTEM.equals(event.getSystem()) || !REFERRAL_EVENT.equals(event.getCode())) {
            throw FhirException.businessRule("This Single Point of Access accepts the BaRS event " + REFERRAL_EVENT
                    + " (" + EVENT_SYSTEM + "), not " + event.getSystem() + "|" + event.getCode());
        }
        if (!(resolve(bundle, header.getFocusFirstRep(), "MessageHeader.focus") instanceof ServiceRequest request)) {
            throw FhirException.invalid("MessageHeader.focus", "The MessageHeader's focus must be the ServiceRequest");
        }
        Patient patient = null;
        if (request.getSubject().hasReference()) {
            if (!(resolve(bundle, request.getSubject(), "ServiceRequest.subject") instanceof Patient found)) {
                throw FhirException.invalid("ServiceRequest.subject", "The ServiceRequest's subject must be a Patient");
            }
            patient = found;
            request.setSubject(new Reference().setIdentifier(found.getIdentifier().stream()
                    .filter(i -> city.onetem.platform.fhir.NhsNumber.SYSTEM.equals(i.getSystem())).findFirst()
                    .orElse(null)));
        }
        if (!request.hasRequester() && header.getSender().getIdentifier().hasValue()) {
            request.setRequester(new Reference().setIdentifier(header.getSender().getIdentifier().copy()));
        }
        request.addIdentifier(new Identifier().setSystem(MESSAGE_ID_SYSTEM).setValue(messageId(header)));
        keepSupportingEntries(bundle, request);
        return new BarsMessage(header, request, patient);
    }

    /** The MessageHeader's id; HAPI gives entries their fullUrl as id, so a urn:uuid: prefix is dropped. */
    static String messageId(MessageHeader header) {
        String id = header.getIdElement().getIdPart();
        return id.startsWith("urn:uuid:") ? id.substring("urn:uuid:".length()) : id;
    }

    /** The clinical context the sender gave (the 111 encounter, flags, answers) stays with the referral. */
    private static void keepSupportingEntries(Bundle bundle, ServiceRequest request) {
        int n = 0;
        for (BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource != null && SUPPORTING.contains(resource.fhirType())) {
                Resource contained = resource.copy();
                contained.setId("supporting-" + (++n));
                request.addContained(contained);
                request.addSupportingInfo(new Reference("#" + contained.getIdElement().getIdPart())
                        .setType(resource.fhirType()));
            }
        }
    }

    private static Resource resolve(Bundle bundle, Reference reference, String expression) {
        String target = reference.getReference();
        if (target == null) {
            throw FhirException.invalid(expression, expression + " must reference an entry of the message");
        }
        for (BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource != null && (target.equals(entry.getFullUrl())
                    || target.equals(resource.fhirType() + "/" + resource.getIdElement().getIdPart()))) {
                return resource;
            }
        }
        throw FhirException.invalid(expression, expression + " refers to " + target
                + ", which is not an entry of the message");
    }
}
