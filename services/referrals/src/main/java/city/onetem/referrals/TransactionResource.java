package city.onetem.referrals;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.OperationOutcomes;
import city.onetem.platform.store.Bundles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle.BundleEntryResponseComponent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * {@code POST /fhir}: a FHIR transaction or batch Bundle of referrals with the Patients they are
 * about (http.html#transaction), read by {@link ReferralBundle}.
 * <ul>
 * <li>transaction: all or nothing. Every entry is checked, then every referral received in one
 * database transaction; one refused entry refuses the whole Bundle with that entry's status and
 * OperationOutcome (naming the entry), and nothing is stored or published.</li>
 * <li>batch: each entry on its own, each with its own status and, when refused, its
 * OperationOutcome; a referral received stays received whatever the others do.</li>
 * </ul>
 * A ServiceRequest entry answers as {@code POST /fhir/ServiceRequest} does (201, or 200 with the
 * referral sent before; {@code request.ifNoneExist} as If-None-Exist). A Patient entry is not
 * stored on its own: it is kept inside each referral about it (its contained Patient), so it
 * answers 200 OK with no location of its own and an OperationOutcome naming the referral that
 * holds it. Prefer: return=representation puts each stored referral in its entry,
 * return=OperationOutcome an outcome; the default is minimal.
 */
@Path("/fhir")
@RolesAllowed({Roles.REFERRER, Roles.SPA})
public class TransactionResource {

    @Inject
    ReferralIntake intake;
    @Inject
    Caller caller;

    @POST
    @Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
    public Bundle process(Bundle bundle, @HeaderParam("Prefer") String prefer) {
        ReferralBundle read = ReferralBundle.read(bundle);
        BundleEntryResponseComponent[] answers = new BundleEntryResponseComponent[read.size];
        ServiceRequest[] stored = new ServiceRequest[read.size];
        read.refused.forEach((index, refusal) -> answers[index] = Bundles.refused(refusal));
        boolean transaction = read.type == Bundle.BundleType.TRANSACTION;
        if (transaction) {
            if (!read.refused.isEmpty()) {
                throw read.refused.values().iterator().next();
            }
            List<ReferralIntake.Sent> sent = read.referrals.stream()
                    .map(r -> new ReferralIntake.Sent(r.request(), IncomingReferral.patientOf(r.request()))).toList();
            List<ReferralIntake.Received> received = intake.receiveTogether(sent, caller.describe(),
                    (i, refusal) -> ReferralBundle.inEntry(read.referrals.get(i).index(),
                            read.referrals.get(i).patientIndex(), refusal));
            for (int i = 0; i < received.size(); i++) {
                answer(answers, stored, read.referrals.get(i).index(), received.get(i));
            }
        } else {
            for (ReferralBundle.Referral referral : read.referrals) {
                try {
                    ServiceRequest request = referral.request();
                    answer(answers, stored, referral.index(), intake.receive(request,
                            IncomingReferral.patientOf(request), caller.describe()));
                } catch (FhirException refusal) {
                    answers[referral.index()] = Bundles.refused(ReferralBundle.inEntry(referral.index(),
                            referral.patientIndex(), refusal));
                }
            }
        }
        for (Map.Entry<Integer, List<Integer>> patient : read.patients.entrySet()) {
            if (answers[patient.getKey()] == null) {
                answers[patient.getKey()] = patientAnswer(patient.getValue(), answers);
            }
        }
        return response(transaction, answers, stored, prefer);
    }

    private static void answer(BundleEntryResponseComponent[] answers, ServiceRequest[] stored, int index,
            ReferralIntake.Received received) {
        Referral referral = received.referral();
        answers[index] = Bundles.written("ServiceRequest", referral, received.created());
        stored[index] = Fhir.parse(ServiceRequest.class, referral.resource);
    }

    /**
     * A Patient entry's answer: 200 and where it is kept when a referral about them was received;
     * otherwise the refusal of the (first) referral about them, since the Patient went with it.
     */
    private static BundleEntryResponseComponent patientAnswer(List<Integer> referrals,
            BundleEntryResponseComponent[] answers) {
        List<String> keptIn = new ArrayList<>();
        for (int index : referrals) {
            String location = answers[index].getLocation();
            if (location != null) {
                keptIn.add(location.replaceFirst("/_history/.*$", "") + " (Bundle.entry[" + index + "])");
            }
        }
        if (keptIn.isEmpty()) {
            BundleEntryResponseComponent refused = answers[referrals.get(0)];
            return new BundleEntryResponseComponent().setStatus(refused.getStatus())
                    .setOutcome(OperationOutcomes.error(org.hl7.fhir.r4.model.OperationOutcome.IssueType.INCOMPLETE,
                            "Not kept: the ServiceRequest about this Patient, Bundle.entry[" + referrals.get(0)
                                    + "], was refused (see its response)", null));
        }
        return new BundleEntryResponseComponent().setStatus("200 OK").setOutcome(OperationOutcomes.information(
                "Not stored as a Patient of its own: this service keeps the person with the referral about them, as "
                        + "its contained Patient (#" + ReferralBundle.CONTAINED_PATIENT + ") in "
                        + String.join(", ", keptIn)));
    }

    private static Bundle response(boolean transaction, BundleEntryResponseComponent[] answers,
            ServiceRequest[] stored, String prefer) {
        String wanted = prefer == null ? "minimal" : prefer.toLowerCase(Locale.ROOT);
        Bundle response = new Bundle().setType(transaction ? Bundle.BundleType.TRANSACTIONRESPONSE
                : Bundle.BundleType.BATCHRESPONSE);
        response.setId(UUID.randomUUID().toString());
        response.getMeta().setLastUpdated(new Date());
        for (int i = 0; i < answers.length; i++) {
            Bundle.BundleEntryComponent entry = response.addEntry().setResponse(answers[i]);
            if (stored[i] != null && wanted.contains("return=representation")) {
                entry.setResource(stored[i]);
            } else if (stored[i] != null && wanted.contains("return=operationoutcome")) {
                answers[i].setOutcome(OperationOutcomes.information(
                        (answers[i].getStatus().startsWith("201") ? "Created " : "Received before: ")
                                + answers[i].getLocation()));
            }
        }
        return response;
    }
}
