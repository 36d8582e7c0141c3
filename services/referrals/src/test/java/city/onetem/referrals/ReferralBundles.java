package city.onetem.referrals;

import city.onetem.platform.fhir.Identifiers;
import city.onetem.platform.fhir.NhsNumber;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/** Transaction and batch Bundles as FHIR clients send them: the Patient, and the referral about them. */
final class ReferralBundles {

    private ReferralBundles() {
    }

    /** A Patient entry (urn:uuid fullUrl, registered at J82012) and a GP referral whose subject points to it. */
    static Bundle patientAndReferral(Bundle.BundleType type, String nhsNumber) {
        Bundle bundle = new Bundle().setType(type);
        addPatientAndReferral(bundle, nhsNumber, ReferralBuilder.gpReferral(nhsNumber).resource());
        return bundle;
    }

    static String addPatientAndReferral(Bundle bundle, String nhsNumber, ServiceRequest referral) {
        String patientUrl = "urn:uuid:" + UUID.randomUUID();
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(nhsNumber);
        patient.addName().setFamily("Smith").addGiven("Ada");
        patient.addGeneralPractitioner(new Reference().setIdentifier(
                new Identifier().setSystem(Identifiers.ODS_ORGANIZATION).setValue("J82012")));
        bundle.addEntry().setFullUrl(patientUrl).setResource(patient).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        referral.setSubject(new Reference(patientUrl));
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(referral).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("ServiceRequest");
        return patientUrl;
    }
}
