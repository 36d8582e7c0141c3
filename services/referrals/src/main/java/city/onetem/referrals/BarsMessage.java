package city.onetem.referrals;

import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.Identifiers;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A referral sent as an NHS Booking and Referral Standard (BaRS) message: a FHIR message Bundle
 * whose MessageHeader names the event (servicerequest-request) and why (reason new, update, or a
 * cancellation), focuses the ServiceRequest, and carries the Patient and everything else the
 * sender knows (Encounter, triage CarePlan, QuestionnaireResponse, Flags, Consent, RelatedPerson,
 * Practitioner, Organization, Location). All of it is kept with the referral, as contained
 * resources, with the bundle's references rewritten to point at them.
 *
 * @param reason new, update or cancel (an update whose ServiceRequest is revoked or entered-in-error)
 * @param validation the ServiceRequest's BaRS category is validation rather than referral
 * @param senderOds the sending organisation's ODS code, from MessageHeader.sender, or null
 * @param targets the ids under which an update or cancellation names the referral it changes
 */
record BarsMessage(MessageHeader header, ServiceRequest request, Patient patient, Reason reason, boolean validation,
        String senderOds, Set<String> targets) {

    static final String EVENT_SYSTEM = "https://fhir.nhs.uk/CodeSystem/message-events-bars";
    static final String REFERRAL_EVENT = "servicerequest-request";
    static final String REASON_SYSTEM = "https://fhir.nhs.uk/CodeSystem/message-reason-bars";
    static final String CATEGORY_SYSTEM = "https://fhir.nhs.uk/CodeSystem/message-category-servicerequest";
    static final String VALIDATION = "validation";
    /** The message id as a referral identifier, so the same message sent twice is one referral. */
    static final String MESSAGE_ID_SYSTEM = "https://onetem.city/Id/bars-message";

    /** What the message asks of the receiver (MessageHeader.reason, message-reason-bars). */
    enum Reason {
        NEW("new"), UPDATE("update"), CANCEL("cancel");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** As stored and documented: new, update, cancel. */
        String code() {
            return code;
        }
    }

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
            throw BarsError.notSupported("This Single Point of Access accepts the BaRS event " + REFERRAL_EVENT
                    + " (" + EVENT_SYSTEM + "), not " + event.getSystem() + "|" + event.getCode());
        }
        BundleEntryComponent focus = entryFor(bundle, header.getFocusFirstRep(), "MessageHeader.focus");
        if (!(focus.getResource() instanceof ServiceRequest request)) {
            throw FhirException.invalid("MessageHeader.focus", "The MessageHeader's focus must be the ServiceRequest");
        }
        Reason reason = reason(header, request);
        Set<String> targets = targets(focus, request);
        String senderOds = resolveOds(bundle, header.getSender());
        if (senderOds != null && !header.getSender().getIdentifier().hasValue()) {
            header.getSender().setIdentifier(ods(senderOds));
        }
        resolveOds(bundle, request.getRequester());
        Map<String, String> local = localIds(bundle, focus);
        Patient patient = null;
        if (request.getSubject().hasReference()) {
            if (!(resolve(bundle, request.getSubject(), "ServiceRequest.subject") instanceof Patient found)) {
                throw FhirException.invalid("ServiceRequest.subject", "The ServiceRequest's subject must be a Patient");
            }
            patient = found;
            found.getGeneralPractitioner().forEach(practice -> resolveOds(bundle, practice));
            request.setSubject(new Reference().setIdentifier(found.getIdentifier().stream()
                    .filter(i -> city.onetem.platform.fhir.NhsNumber.SYSTEM.equals(i.getSystem())).findFirst()
                    .orElse(null)));
            request.getSubject().setReference(local.get(localKey(found)));
        }
        if (!request.hasRequester() && header.getSender().getIdentifier().hasValue()) {
            request.setRequester(new Reference().setIdentifier(header.getSender().getIdentifier().copy()));
        }
        boolean validation = request.getCategory().stream().anyMatch(c -> c.hasCoding(CATEGORY_SYSTEM, VALIDATION));
        request.addIdentifier(new Identifier().setSystem(MESSAGE_ID_SYSTEM).setValue(messageId(header)));
        keepWholeBundle(bundle, focus, request, local);
        return new BarsMessage(header, request, patient, reason, validation, senderOds, targets);
    }

    /**
     * new (also when the message gives no reason, as senders before BaRS 1.x did); update, which
     * with a revoked or entered-in-error ServiceRequest is the standard's cancellation; delete,
     * the code the cancellation payload tables give, is a cancellation too.
     */
    private static Reason reason(MessageHeader header, ServiceRequest request) {
        if (!header.hasReason()) {
            return Reason.NEW;
        }
        Coding coding = header.getReason().getCoding().stream().filter(c -> REASON_SYSTEM.equals(c.getSystem()))
                .findFirst().orElseThrow(() -> FhirException.invalid("MessageHeader.reason",
                        "MessageHeader.reason needs a coding from " + REASON_SYSTEM + ": new or update"));
        boolean withdrawn = request.getStatus() == ServiceRequest.ServiceRequestStatus.REVOKED
                || request.getStatus() == ServiceRequest.ServiceRequestStatus.ENTEREDINERROR;
        return switch (String.valueOf(coding.getCode())) {
            case "new" -> Reason.NEW;
            case "update" -> withdrawn ? Reason.CANCEL : Reason.UPDATE;
            case "delete" -> Reason.CANCEL;
            default -> throw FhirException.invalid("MessageHeader.reason", "MessageHeader.reason '" + coding.getCode()
                    + "' is not a code of " + REASON_SYSTEM + ": new, or update (with ServiceRequest.status revoked "
                    + "or entered-in-error to cancel)");
        };
    }

    /**
     * The ids an update or cancellation may name the referral by: ServiceRequest.id, which BaRS
     * says is the receiver's id from its answer to the new referral, and the id in a fullUrl
     * such as https://spa.example/fhir/ServiceRequest/{id}.
     */
    private static Set<String> targets(BundleEntryComponent focus, ServiceRequest request) {
        Set<String> ids = new LinkedHashSet<>();
        String id = request.getIdElement().getIdPart();
        if (id != null) {
            ids.add(id);
        }
        String fullUrl = focus.getFullUrl();
        if (fullUrl != null && fullUrl.contains("/ServiceRequest/")) {
            ids.add(fullUrl.substring(fullUrl.lastIndexOf('/') + 1));
        }
        return ids;
    }

    /**
     * The ODS code of the organisation a reference names: its identifier, or the Organization
     * entry it points to (or a PractitionerRole's organisation), which is then written on the
     * reference as its identifier, as a plain FHIR referral gives it.
     */
    private static String resolveOds(Bundle bundle, Reference reference) {
        if (Identifiers.ODS_ORGANIZATION.equals(reference.getIdentifier().getSystem())
                && reference.getIdentifier().hasValue()) {
            return reference.getIdentifier().getValue();
        }
        Resource target = reference.hasReference() ? find(bundle, reference.getReference()) : null;
        String ods = null;
        if (target instanceof Organization organization) {
            ods = organization.getIdentifier().stream().filter(i -> Identifiers.ODS_ORGANIZATION.equals(i.getSystem()))
                    .map(Identifier::getValue).findFirst().orElse(null);
        } else if (target instanceof PractitionerRole role && role.hasOrganization()) {
            ods = resolveOds(bundle, role.getOrganization().copy());
        }
        if (ods != null && !reference.getIdentifier().hasValue()) {
            reference.setIdentifier(ods(ods));
        }
        return ods;
    }

    private static Identifier ods(String code) {
        return new Identifier().setSystem(Identifiers.ODS_ORGANIZATION).setValue(code);
    }

    /** The MessageHeader's id; HAPI gives entries their fullUrl as id, so a urn:uuid: prefix is dropped. */
    static String messageId(MessageHeader header) {
        String id = header.getIdElement().getIdPart();
        return id.startsWith("urn:uuid:") ? id.substring("urn:uuid:".length()) : id;
    }

    /** Each entry but the MessageHeader and the focus gets a contained id: its type and a number (encounter-1). */
    private static Map<String, String> localIds(Bundle bundle, BundleEntryComponent focus) {
        Map<String, String> local = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (entry == focus) {
                keys(entry).forEach(key -> local.put(key, "#"));
            } else if (resource != null && !(resource instanceof MessageHeader)) {
                String type = resource.fhirType();
                String id = "#" + type.toLowerCase(Locale.ROOT) + "-" + counts.merge(type, 1, Integer::sum);
                keys(entry).forEach(key -> local.put(key, id));
            }
        }
        return local;
    }

    /** How the bundle's references may name an entry: its fullUrl, or Type/id. */
    private static Set<String> keys(BundleEntryComponent entry) {
        Set<String> keys = new LinkedHashSet<>();
        if (entry.hasFullUrl()) {
            keys.add(entry.getFullUrl());
        }
        keys.add(localKey(entry.getResource()));
        return keys;
    }

    private static String localKey(Resource resource) {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    /**
     * The whole message stays with the referral: every entry but the MessageHeader and the
     * ServiceRequest itself is contained in it, referenced from supportingInfo (the Patient from
     * subject), and every reference between them points at the contained copy.
     */
    private static void keepWholeBundle(Bundle bundle, BundleEntryComponent focus, ServiceRequest request,
            Map<String, String> local) {
        for (BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (entry == focus || resource == null || resource instanceof MessageHeader) {
                continue;
            }
            Resource contained = resource.copy();
            String id = local.get(localKey(resource));
            contained.setId(id.substring(1));
            pointAtContained(contained, local);
            request.addContained(contained);
            if (!(resource instanceof Patient)) {
                request.addSupportingInfo(new Reference(id).setType(resource.fhirType()));
            }
        }
        pointAtContained(request, local);
    }

    private static void pointAtContained(Resource resource, Map<String, String> local) {
        for (Reference reference : Fhir.context().newTerser().getAllPopulatedChildElementsOfType(resource,
                Reference.class)) {
            String target = reference.getReference();
            if (target != null && local.containsKey(target)) {
                reference.setReference(local.get(target));
            }
        }
    }

    private static Resource find(Bundle bundle, String target) {
        for (BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() != null && keys(entry).contains(target)) {
                return entry.getResource();
            }
        }
        return null;
    }

    private static BundleEntryComponent entryFor(Bundle bundle, Reference reference, String expression) {
        String target = reference.getReference();
        if (target == null) {
            throw FhirException.invalid(expression, expression + " must reference an entry of the message");
        }
        for (BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() != null && keys(entry).contains(target)) {
                return entry;
            }
        }
        throw FhirException.invalid(expression, expression + " refers to " + target
                + ", which is not an entry of the message");
    }

    private static Resource resolve(Bundle bundle, Reference reference, String expression) {
        return entryFor(bundle, reference, expression).getResource();
    }
}
