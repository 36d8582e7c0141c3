package city.onetem.referrals;

import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.NhsNumber;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A referral as posted, checked: who it is about, who sent it, what it asks for, and the
 * person's registered practice if the referrer named it. It is refused only when it is unsafe to
 * receive (the person cannot be identified, an NHS number fails its check, nobody to answer, not a
 * new active request), with a 400 naming the element to correct, before anything is stored.
 *
 * @param person the NHS number, or null when the referral gives none but enough to trace one
 * @param practiceOds the registered GP practice (from the Patient's generalPractitioner, or the
 *        requester when a GP practice refers), or null when the referral does not say
 */
public record IncomingReferral(ServiceRequest request, NhsNumber person, ReferralClassifier.Classification is,
        String requesterOds, String practiceOds, List<Identifier> identifiers, LocalDate birthDate) {

    public static IncomingReferral check(ServiceRequest request, Patient patient, ReferralClassifier classifier,
            String callerOrganisation) {
        if (request.getStatus() != ServiceRequest.ServiceRequestStatus.ACTIVE) {
            throw FhirException.invalid("ServiceRequest.status", "ServiceRequest.status must be active for a new referral");
        }
        if (request.getIntent() == null) {
            throw FhirException.invalid("ServiceRequest.intent", "ServiceRequest.intent is required (use order)");
        }
        NhsNumber person = person(request, patient);
        for (Identifier identifier : request.getIdentifier()) {
            if (!identifier.hasSystem() || !identifier.hasValue()) {
                throw FhirException.invalid("ServiceRequest.identifier",
                        "Each ServiceRequest.identifier needs a system and a value, so a repeat can be recognised");
            }
        }
        ReferralClassifier.Classification is = classifier.classify(request, callerOrganisation);
        request.setRequester(is.requester());
        String requesterOds = ReferralClassifier.odsCode(is.requester());
        String practiceOds = patient == null ? null : ReferralClassifier.odsCode(patient.getGeneralPractitionerFirstRep());
        if (practiceOds == null && is.source() == ReferralSource.GP) {
            practiceOds = requesterOds;
        }
        LocalDate birthDate = patient != null && patient.hasBirthDate()
                ? patient.getBirthDateElement().getValueAsCalendar().toZonedDateTime().toLocalDate() : null;
        return new IncomingReferral(request, person, is, requesterOds, practiceOds, request.getIdentifier(), birthDate);
    }

    /** The person's Patient resource: contained and referenced from subject, or given alongside (a BaRS message). */
    public static Patient patientOf(ServiceRequest request) {
        String reference = request.getSubject().getReference();
        if (reference != null && reference.startsWith("#")) {
            for (Resource contained : request.getContained()) {
                if (contained instanceof Patient patient && reference.substring(1).equals(contained.getIdElement().getIdPart())) {
                    return patient;
                }
            }
            throw FhirException.invalid("ServiceRequest.subject", "subject refers to " + reference
                    + " but no contained Patient has that id");
        }
        return null;
    }

    /**
     * The NHS number, checked; null when there is none but the Patient gives enough for the SPA to
     * trace one (name, birth date, and a postcode or address): homeless people and visitors need care too.
     */
    private static NhsNumber person(ServiceRequest request, Patient patient) {
        Identifier identifier = request.getSubject().getIdentifier();
        String expression = "ServiceRequest.subject.identifier";
        if (!identifier.hasValue() && patient != null) {
            identifier = patient.getIdentifier().stream().filter(i -> NhsNumber.SYSTEM.equals(i.getSystem()))
                    .findFirst().orElse(new Identifier());
            expression = "Patient.identifier";
        }
        if (NhsNumber.SYSTEM.equals(identifier.getSystem()) && identifier.hasValue()) {
            String problem = NhsNumber.problem(identifier.getValue());
            if (problem != null) {
                throw FhirException.invalid(expression + ".value", problem);
            }
            return new NhsNumber(identifier.getValue());
        }
        if (traceable(patient)) {
            return null;
        }
        throw FhirException.invalid(expression, "Identify the person: their NHS number with system " + NhsNumber.SYSTEM
                + " (ServiceRequest.subject.identifier, or the Patient's identifier), or, when it is not known, a "
                + "Patient with their name, birth date and postcode or address, so that the SPA can trace it");
    }

    private static boolean traceable(Patient patient) {
        return patient != null && patient.getName().stream().anyMatch(n -> n.hasFamily() || n.hasText())
                && patient.hasBirthDate()
                && patient.getAddress().stream().anyMatch(a -> a.hasPostalCode() || a.hasLine() || a.hasText());
    }
}
