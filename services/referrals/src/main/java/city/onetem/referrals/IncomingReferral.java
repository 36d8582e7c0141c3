package city.onetem.referrals;

import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.Identifiers;
import city.onetem.platform.fhir.NhsNumber;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A referral as posted, checked: who it is about, who sent it, what it asks for, and the
 * person's registered practice if the referrer named it. Every failure is a 400 naming the
 * element to correct, before anything is stored.
 *
 * @param practiceOds the registered GP practice (from the Patient's generalPractitioner, or the
 *        requester when a GP practice refers), or null when the referral does not say
 */
public record IncomingReferral(ServiceRequest request, NhsNumber person, ReferralSource source,
        ServiceCategory category, String requesterOds, String practiceOds, List<Identifier> identifiers,
        java.time.LocalDate birthDate) {

    public static IncomingReferral check(ServiceRequest request, Patient patient) {
        if (request.getStatus() != ServiceRequest.ServiceRequestStatus.ACTIVE) {
            throw FhirException.invalid("ServiceRequest.status", "ServiceRequest.status must be active for a new referral");
        }
        if (request.getIntent() == null) {
            throw FhirException.invalid("ServiceRequest.intent", "ServiceRequest.intent is required (use order)");
        }
        NhsNumber person = person(request, patient);
        Extension sourceExtension = request.getExtensionByUrl(ReferralSource.EXTENSION);
        if (sourceExtension == null || !(sourceExtension.getValue() instanceof CodeableConcept sourceConcept)) {
            throw FhirException.invalid("ServiceRequest.extension",
                    "Say who is referring: extension " + ReferralSource.EXTENSION + " with a valueCodeableConcept from "
                            + ReferralSource.SYSTEM);
        }
        ReferralSource source = CodedValue.from(ReferralSource.class, ReferralSource.SYSTEM, sourceConcept,
                "ServiceRequest.extension('" + ReferralSource.EXTENSION + "')");
        ServiceCategory category = CodedValue.from(ServiceCategory.class, ServiceCategory.SYSTEM,
                request.getCategoryFirstRep(), "ServiceRequest.category");
        String requesterOds = odsCode(request.getRequester());
        if (source.needsRequesterOrganisation() && requesterOds == null) {
            throw FhirException.invalid("ServiceRequest.requester",
                    "A referral from " + source.display() + " names the referring organisation: requester.identifier with system "
                            + Identifiers.ODS_ORGANIZATION);
        }
        String practiceOds = patient == null ? null : odsCode(patient.getGeneralPractitionerFirstRep());
        if (practiceOds == null && source == ReferralSource.GP) {
            practiceOds = requesterOds;
        }
        for (Identifier identifier : request.getIdentifier()) {
            if (!identifier.hasSystem() || !identifier.hasValue()) {
                throw FhirException.invalid("ServiceRequest.identifier",
                        "Each ServiceRequest.identifier needs a system and a value, so a repeat can be recognised");
            }
        }
        java.time.LocalDate birthDate = patient != null && patient.hasBirthDate()
                ? patient.getBirthDateElement().getValueAsCalendar().toZonedDateTime().toLocalDate() : null;
        return new IncomingReferral(request, person, source, category, requesterOds, practiceOds,
                request.getIdentifier(), birthDate);
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

    private static NhsNumber person(ServiceRequest request, Patient patient) {
        Identifier identifier = request.getSubject().getIdentifier();
        String expression = "ServiceRequest.subject.identifier";
        if (!identifier.hasValue() && patient != null) {
            identifier = patient.getIdentifier().stream().filter(i -> NhsNumber.SYSTEM.equals(i.getSystem()))
                    .findFirst().orElse(new Identifier());
            expression = "Patient.identifier";
        }
        if (!NhsNumber.SYSTEM.equals(identifier.getSystem()) || !identifier.hasValue()) {
            throw FhirException.invalid(expression, "The referral must carry the person's NHS number with system "
                    + NhsNumber.SYSTEM + " (ServiceRequest.subject.identifier, or the Patient's identifier)");
        }
        String problem = NhsNumber.problem(identifier.getValue());
        if (problem != null) {
            throw FhirException.invalid(expression + ".value", problem);
        }
        return new NhsNumber(identifier.getValue());
    }

    private static String odsCode(Reference reference) {
        Identifier identifier = reference.getIdentifier();
        return Identifiers.ODS_ORGANIZATION.equals(identifier.getSystem()) && identifier.hasValue()
                ? identifier.getValue() : null;
    }
}
