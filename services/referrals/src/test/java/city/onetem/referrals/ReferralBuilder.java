package city.onetem.referrals;

import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.Identifiers;
import city.onetem.platform.fhir.NhsNumber;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/** Referrals as integrators post them, one element at a time. */
final class ReferralBuilder {

    private final ServiceRequest request = new ServiceRequest();
    private Patient patient;

    private ReferralBuilder(String nhsNumber) {
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE).setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setSubject(new Reference().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(nhsNumber)));
        request.addNote().setText("Lives alone, leg ulcer");
    }

    /** A GP practice's referral for community nursing: practice J82001 is in the central cluster. */
    static ReferralBuilder gpReferral(String nhsNumber) {
        return new ReferralBuilder(nhsNumber).source("gp").category("community-nursing").requester("J82001");
    }

    ReferralBuilder source(String code) {
        ReferralFhir.removeExtension(request, ReferralSource.EXTENSION);
        request.addExtension(ReferralSource.EXTENSION,
                new CodeableConcept(new Coding(ReferralSource.SYSTEM, code, null)));
        return this;
    }

    ReferralBuilder category(String code) {
        request.getCategory().clear();
        request.addCategory(new CodeableConcept(new Coding(ServiceCategory.SYSTEM, code, null)));
        return this;
    }

    ReferralBuilder requester(String odsCode) {
        request.setRequester(odsCode == null ? null
                : new Reference().setIdentifier(new Identifier().setSystem(Identifiers.ODS_ORGANIZATION).setValue(odsCode)));
        return this;
    }

    /** The person's registered practice, on a contained Patient the subject points to. */
    ReferralBuilder registeredAt(String practiceOds) {
        patient = new Patient();
        patient.setId("person");
        patient.addIdentifier(request.getSubject().getIdentifier().copy());
        patient.addGeneralPractitioner(new Reference().setIdentifier(
                new Identifier().setSystem(Identifiers.ODS_ORGANIZATION).setValue(practiceOds)));
        request.getContained().clear();
        request.addContained(patient);
        request.setSubject(new Reference("#person"));
        return this;
    }

    /** The person's date of birth, on the contained Patient that {@link #registeredAt} made. */
    ReferralBuilder bornOn(java.time.LocalDate birthDate) {
        if (patient == null) {
            throw new IllegalStateException("registeredAt(...) first: the birth date goes on the contained Patient");
        }
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(birthDate.toString()));
        return this;
    }

    /** Someone whose NHS number the referrer does not know: named, born and living somewhere, for the SPA to trace. */
    static ReferralBuilder untraced(String family, java.time.LocalDate birthDate, String postcode) {
        ReferralBuilder builder = gpReferral(null);
        builder.patient = new Patient();
        builder.patient.setId("person");
        builder.patient.addName().setFamily(family).addGiven("Sam");
        builder.patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(birthDate.toString()));
        if (postcode != null) {
            builder.patient.addAddress().setPostalCode(postcode);
        }
        builder.request.addContained(builder.patient);
        builder.request.setSubject(new Reference("#person"));
        return builder;
    }

    /** What is asked for, in the referrer's own code system. */
    ReferralBuilder code(String system, String code) {
        request.getCode().addCoding(new Coding(system, code, null));
        return this;
    }

    ReferralBuilder reason(String system, String code) {
        request.addReasonCode(new CodeableConcept(new Coding(system, code, null)));
        return this;
    }

    /** Who is referring in UK Core's terms: a SNOMED CT concept in the SourceOfServiceRequest extension. */
    ReferralBuilder snomedSource(String code) {
        ReferralFhir.removeExtension(request, ReferralSource.EXTENSION);
        request.addExtension(ReferralSource.EXTENSION, new CodeableConcept(new Coding("http://snomed.info/sct", code, null)));
        return this;
    }

    ReferralBuilder noCategory() {
        request.getCategory().clear();
        return this;
    }

    ReferralBuilder identifier(String system, String value) {
        request.addIdentifier(new Identifier().setSystem(system).setValue(value));
        return this;
    }

    ReferralBuilder noSource() {
        ReferralFhir.removeExtension(request, ReferralSource.EXTENSION);
        return this;
    }

    ServiceRequest resource() {
        return request;
    }

    String json() {
        return Fhir.toJson(request);
    }
}
