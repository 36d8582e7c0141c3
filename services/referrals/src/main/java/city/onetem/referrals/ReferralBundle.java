package city.onetem.referrals;

import city.onetem.platform.fhir.ConditionalCreate;
import city.onetem.platform.fhir.FhirException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A transaction or batch Bundle posted to {@code POST /fhir}, read entry by entry: the
 * referrals it creates (POST ServiceRequest) and the Patients they are about (POST Patient,
 * named by the ServiceRequest's subject through the entry's fullUrl, a {@code urn:uuid:} or
 * {@code Patient/x}). The SPA does not keep people apart from their referrals: a Patient entry
 * travels with each referral about it as its contained Patient, as a referral posted on its own
 * carries it. What cannot be done is a refusal of that entry, naming it.
 */
final class ReferralBundle {

    /** The contained id the Patient gets in the referral; the subject then refers to it. */
    static final String CONTAINED_PATIENT = "patient";

    /** A referral entry: the ServiceRequest with its Patient contained, its condition, and the Patient entry it came with. */
    record Referral(int index, ServiceRequest request, ConditionalCreate condition, Integer patientIndex) {
    }

    final Bundle.BundleType type;
    final List<Referral> referrals = new ArrayList<>();
    /** Patient entry index -> the referral entries about that Patient. */
    final Map<Integer, List<Integer>> patients = new TreeMap<>();
    /** Entries refused as they are, by index. */
    final Map<Integer, FhirException> refused = new TreeMap<>();
    final int size;

    private ReferralBundle(Bundle bundle) {
        type = bundle.getType();
        size = bundle.getEntry().size();
        List<BundleEntryComponent> entries = bundle.getEntry();
        for (int i = 0; i < entries.size(); i++) {
            try {
                String kind = kind(i, entries.get(i));
                if (kind.equals("Patient")) {
                    patients.put(i, new ArrayList<>());
                }
            } catch (FhirException e) {
                refused.put(i, e);
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            if (!refused.containsKey(i) && entries.get(i).getResource() instanceof ServiceRequest request) {
                try {
                    referrals.add(referral(i, entries, request));
                } catch (FhirException e) {
                    refused.put(i, e);
                }
            }
        }
        for (Map.Entry<Integer, List<Integer>> patient : patients.entrySet()) {
            if (patient.getValue().isEmpty()) {
                refused.put(patient.getKey(), entryError(patient.getKey(), 400, IssueType.NOTSUPPORTED, null,
                        "This service keeps a Patient only with a referral about them, and no ServiceRequest in this "
                                + "Bundle has this entry (fullUrl " + entries.get(patient.getKey()).getFullUrl()
                                + ") as its subject"));
            }
        }
    }

    static ReferralBundle read(Bundle bundle) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION && bundle.getType() != Bundle.BundleType.BATCH) {
            throw FhirException.invalid("Bundle.type", "POST /fhir takes a Bundle of type transaction or batch, not "
                    + (bundle.getType() == null ? "none" : bundle.getType().toCode())
                    + (bundle.getType() == Bundle.BundleType.MESSAGE ? ": post a BaRS message to /fhir/$process-message" : ""));
        }
        return new ReferralBundle(bundle);
    }

    /** "ServiceRequest" or "Patient": what the entry creates; anything else is refused, saying what is taken. */
    private static String kind(int i, BundleEntryComponent entry) {
        String method = entry.getRequest().getMethod() == null ? null : entry.getRequest().getMethod().toCode();
        String url = entry.getRequest().getUrl();
        if (method == null || url == null) {
            throw entryError(i, 400, IssueType.REQUIRED, "Bundle.entry[" + i + "].request", "Each entry says what to "
                    + "do: request.method POST and request.url ServiceRequest (or Patient, for the person it is about)");
        }
        String type = url.replaceFirst("\\?.*$", "").replaceFirst("^.*/", "");
        if (!method.equals("POST") || !(type.equals("ServiceRequest") || type.equals("Patient"))
                || url.replaceFirst("\\?.*$", "").matches(".*/(ServiceRequest|Patient)/.+")) {
            throw entryError(i, 400, IssueType.NOTSUPPORTED, "Bundle.entry[" + i + "].request", method + " " + url
                    + " is not supported in a Bundle here: entries create referrals (POST ServiceRequest) with the "
                    + "Patient they are about (POST Patient); read, search and the operations are plain requests");
        }
        if (entry.getResource() == null || !entry.getResource().fhirType().equals(type)) {
            throw entryError(i, 400, IssueType.INVALID, "Bundle.entry[" + i + "].resource", "POST " + url
                    + " needs a " + type + " as the entry's resource, not "
                    + (entry.getResource() == null ? "none" : entry.getResource().fhirType()));
        }
        return type;
    }

    private Referral referral(int i, List<BundleEntryComponent> entries, ServiceRequest request) {
        Reference subject = request.getSubject();
        Integer patientIndex = null;
        if (subject.hasReference() && !subject.getReference().startsWith("#")) {
            patientIndex = patientEntry(entries, subject.getReference());
            if (patientIndex == null) {
                if (subject.getReference().startsWith("urn:")) {
                    throw entryError(i, 400, IssueType.INVALID, "Bundle.entry[" + i + "].resource.subject",
                            "subject refers to " + subject.getReference() + ", which is no Patient entry's fullUrl in "
                                    + "this Bundle");
                }
            } else {
                Patient patient = ((Patient) entries.get(patientIndex).getResource()).copy();
                patient.setId(CONTAINED_PATIENT);
                request.getContained().removeIf(r -> CONTAINED_PATIENT.equals(r.getIdElement().getIdPart()));
                request.addContained(patient);
                request.setSubject(new Reference("#" + CONTAINED_PATIENT).setIdentifier(subject.getIdentifier())
                        .setDisplay(subject.getDisplay()));
                patients.get(patientIndex).add(i);
            }
        }
        ConditionalCreate condition;
        try {
            condition = ConditionalCreate.parse("ServiceRequest", entries.get(i).getRequest().getIfNoneExist(), request);
        } catch (FhirException e) {
            throw inEntry(i, patientIndex, e);
        }
        return new Referral(i, request, condition, patientIndex);
    }

    /** The Patient entry a reference names: by its fullUrl, or as Patient/id relative to the server. */
    private Integer patientEntry(List<BundleEntryComponent> entries, String reference) {
        for (Integer index : patients.keySet()) {
            BundleEntryComponent entry = entries.get(index);
            String fullUrl = entry.getFullUrl();
            String id = entry.getResource().getIdElement().getIdPart();
            if (reference.equals(fullUrl) || (fullUrl != null && fullUrl.endsWith("/" + reference))
                    || (id != null && reference.equals("Patient/" + id))) {
                return index;
            }
        }
        return null;
    }

    /** The refusal of a referral entry, saying which entry and where in it. */
    static FhirException inEntry(int index, Integer patientIndex, FhirException refusal) {
        String expression = refusal.expression();
        if (expression == null) {
            expression = "Bundle.entry[" + index + "]";
        } else if (expression.startsWith("ServiceRequest")) {
            expression = "Bundle.entry[" + index + "].resource" + expression.substring("ServiceRequest".length());
        } else if (expression.startsWith("Patient") && patientIndex != null) {
            expression = "Bundle.entry[" + patientIndex + "].resource" + expression.substring("Patient".length());
        } else if (expression.equals("If-None-Exist")) {
            expression = "Bundle.entry[" + index + "].request.ifNoneExist";
        }
        return new FhirException(refusal.status(), refusal.issueType(),
                "Bundle.entry[" + index + "]: " + refusal.getMessage(), expression);
    }

    private static FhirException entryError(int index, int status, IssueType type, String expression, String message) {
        return new FhirException(status, type, "Bundle.entry[" + index + "]: " + message,
                expression == null ? "Bundle.entry[" + index + "]" : expression);
    }
}
