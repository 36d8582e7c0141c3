package city.onetem.referrals;

import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.Identifiers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Reads who is referring, what for and how urgently from what the referrer sent, through the
 * {@link Vocabulary} tables. Nothing here refuses a referral for its vocabulary: a service that
 * cannot be read leaves the referral "to categorise" by the SPA, with why.
 */
@ApplicationScoped
public class ReferralClassifier {

    /** A timeframe this short is an urgent community response: its clock starts at receipt. */
    static final Duration UCR = Duration.ofHours(2);
    /** Within a day is same-day until triaged. */
    static final Duration SAME_DAY = Duration.ofHours(24);

    /**
     * @param requester who to answer: the referral's requester, or the caller's organisation when it named none
     * @param toCategorise why no service could be read, or null when {@code category} is set
     */
    public record Classification(ReferralSource source, Reference requester, ServiceCategory category,
            String toCategorise, ReferralPriority priority) {
    }

    final Vocabulary vocabulary;
    @Inject
    ClusterDirectory clusters;

    @Inject
    ReferralClassifier(@ConfigProperty(name = "onetem.referrals.vocabulary-dir") Optional<String> directory) {
        this.vocabulary = Vocabulary.load(directory.map(Path::of));
    }

    public Classification classify(ServiceRequest request, String callerOrganisation) {
        Reference requester = request.getRequester();
        if (requester.isEmpty() && callerOrganisation != null) {
            requester = new Reference().setType("Organization").setIdentifier(
                    new Identifier().setSystem(Identifiers.ODS_ORGANIZATION).setValue(callerOrganisation));
        }
        ReferralSource source = statedSource(request).or(() -> sourceOf(odsCode(request.getRequester())))
                .or(() -> personSource(request.getRequester())).or(() -> sourceOf(callerOrganisation))
                .orElse(ReferralSource.NOT_STATED);
        if (requester.isEmpty() && source.needsRequesterOrganisation()) {
            throw FhirException.invalid("ServiceRequest.requester", "Say who is referring, so that the SPA can "
                    + "answer them: ServiceRequest.requester with an identifier (system " + Identifiers.ODS_ORGANIZATION
                    + " for an organisation) or a reference (a self-referral or a carer's names the Patient or "
                    + "RelatedPerson)");
        }
        List<Coding> askedFor = askedFor(request);
        Optional<ServiceCategory> category = askedFor.stream().map(vocabulary::category).flatMap(Optional::stream)
                .findFirst();
        String toCategorise = category.isPresent() ? null : whyNotCategorised(request, askedFor);
        Optional<Duration> within = urgency(request, askedFor);
        ReferralPriority priority;
        if (category.orElse(null) == ServiceCategory.URGENT_COMMUNITY_RESPONSE
                || within.filter(d -> d.compareTo(UCR) <= 0).isPresent()) {
            priority = ReferralPriority.UCR_2_HOUR;
        } else if (within.filter(d -> d.compareTo(SAME_DAY) <= 0).isPresent()) {
            priority = ReferralPriority.SAME_DAY;
        } else {
            priority = ReferralPriority.fromFhir(request.getPriority());
        }
        return new Classification(source, requester, category.orElse(null), toCategorise, priority);
    }

    private Optional<ReferralSource> statedSource(ServiceRequest request) {
        Extension stated = request.getExtensionByUrl(ReferralSource.EXTENSION);
        if (stated == null || !(stated.getValue() instanceof CodeableConcept concept)) {
            return Optional.empty();
        }
        return concept.getCoding().stream().map(vocabulary::source).flatMap(Optional::stream).findFirst();
    }

    /** An organisation by its ODS code: the cluster map's practices are GP practices, then the patterns. */
    private Optional<ReferralSource> sourceOf(String odsCode) {
        if (odsCode == null) {
            return Optional.empty();
        }
        if (clusters.clusterFor(odsCode).isPresent()) {
            return Optional.of(ReferralSource.GP);
        }
        return vocabulary.sourceOfOrganisation(odsCode);
    }

    /** A person referring themselves or someone they care for names themselves as requester. */
    private static Optional<ReferralSource> personSource(Reference requester) {
        String type = requester.hasType() ? requester.getType()
                : requester.hasReference() ? requester.getReference().split("/")[0] : "";
        return switch (type) {
            case "Patient" -> Optional.of(ReferralSource.SELF);
            case "RelatedPerson" -> Optional.of(ReferralSource.CARER);
            default -> Optional.empty();
        };
    }

    /** What the referral says it asks for, most specific first: category, code, reason, the chosen service. */
    private static List<Coding> askedFor(ServiceRequest request) {
        List<Coding> codings = new ArrayList<>();
        request.getCategory().forEach(c -> codings.addAll(c.getCoding()));
        codings.addAll(request.getCode().getCoding());
        request.getReasonCode().forEach(c -> codings.addAll(c.getCoding()));
        for (Reference performer : request.getPerformer()) {
            Identifier id = performer.getIdentifier();
            if (id.hasSystem() && id.hasValue()) {
                codings.add(new Coding(id.getSystem(), id.getValue(), performer.getDisplay()));
            }
        }
        return codings;
    }

    private static String whyNotCategorised(ServiceRequest request, List<Coding> askedFor) {
        String given = askedFor.stream().filter(Coding::hasCode)
                .map(c -> c.getSystem() + "|" + c.getCode() + (c.hasDisplay() ? " (" + c.getDisplay() + ")" : ""))
                .collect(Collectors.joining(", "));
        if (!given.isEmpty()) {
            return "None of the codes the referral gives is mapped to a service: " + given;
        }
        String text = request.getCode().hasText() ? request.getCode().getText()
                : request.getCategoryFirstRep().hasText() ? request.getCategoryFirstRep().getText() : null;
        return text != null ? "The referral describes the service in words only: " + text
                : "The referral does not say which service it asks for (no category, code or reason)";
    }

    /**
     * How soon the person should be seen: the sender's occurrencePeriod (BaRS gives the disposition's
     * timeframe there), else the shortest timeframe a code given means (an NHS Pathways disposition).
     */
    private Optional<Duration> urgency(ServiceRequest request, List<Coding> askedFor) {
        if (request.hasOccurrencePeriod() && request.getOccurrencePeriod().hasEnd()) {
            Date from = request.getOccurrencePeriod().hasStart() ? request.getOccurrencePeriod().getStart()
                    : request.hasAuthoredOn() ? request.getAuthoredOn() : new Date();
            return Optional.of(Duration.between(from.toInstant(), request.getOccurrencePeriod().getEnd().toInstant()));
        }
        List<Coding> codings = new ArrayList<>(askedFor);
        request.getOrderDetail().forEach(c -> codings.addAll(c.getCoding()));
        for (Resource contained : request.getContained()) {
            if (contained instanceof CarePlan triage) {
                codings.addAll(Fhir.context().newTerser().getAllPopulatedChildElementsOfType(triage, Coding.class));
            }
        }
        return codings.stream().map(vocabulary::urgencyMinutes).flatMap(Optional::stream).min(Integer::compare)
                .map(Duration::ofMinutes);
    }

    static String odsCode(Reference reference) {
        Identifier identifier = reference.getIdentifier();
        return Identifiers.ODS_ORGANIZATION.equals(identifier.getSystem()) && identifier.hasValue()
                ? identifier.getValue() : null;
    }
}
