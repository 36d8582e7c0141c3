package city.onetem.careplans;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.NhsNumber;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * What a referrer told the SPA that belongs on the person's plan, as the referral carries it
 * (contained in the ServiceRequest, e.g. from a BaRS message's bundle): carers (RelatedPerson)
 * join the care team with the role carer, and alerts (Flag: safeguarding, reasonable adjustments)
 * join the plan's own alerts, contained and listed in supportingInfo. Each is added once: a carer
 * by name and relationship, a flag by its code, whichever referral or event brings it again.
 */
final class ReferrerContent {

    private ReferrerContent() {
    }

    static List<RelatedPerson> carers(ServiceRequest referral) {
        return referral.getContained().stream().filter(RelatedPerson.class::isInstance).map(RelatedPerson.class::cast)
                .toList();
    }

    static List<Flag> flags(ServiceRequest referral) {
        return referral.getContained().stream().filter(Flag.class::isInstance).map(Flag.class::cast)
                .filter(flag -> flag.getStatus() != Flag.FlagStatus.ENTEREDINERROR).toList();
    }

    /** The carers the team does not list yet. */
    static List<RelatedPerson> notYetOn(CareTeam team, List<RelatedPerson> carers) {
        Set<String> listed = team == null ? Set.of() : PlanPart.CareTeams.holders(team, CarePlanContract.CARER).stream()
                .map(ReferrerContent::key).collect(Collectors.toSet());
        return carers.stream().filter(carer -> !listed.contains(key(describe(carer)))).toList();
    }

    /** Each carer as a participant with the role carer, the RelatedPerson contained in the team. */
    static void join(CareTeam team, List<RelatedPerson> carers, NhsNumber person) {
        for (RelatedPerson carer : notYetOn(team, carers)) {
            RelatedPerson copy = carer.copy();
            copy.setId(freeId(team, "carer"));
            local(copy);
            copy.setPatient(patient(person));
            team.addContained(copy);
            team.addParticipant().setMember(new Reference("#" + copy.getIdElement().getIdPart())
                    .setType("RelatedPerson").setDisplay(describe(carer)))
                    .addRole().addCoding(new Coding(CarePlanContract.CARE_TEAM_ROLE_SYSTEM, CarePlanContract.CARER,
                            "Carer"));
        }
    }

    /** Adds the referral's alerts the plan does not hold yet; true if it added any. */
    static boolean showFlags(CarePlan plan, List<Flag> flags, NhsNumber person) {
        Set<String> held = plan.getContained().stream().filter(Flag.class::isInstance)
                .map(flag -> key((Flag) flag)).collect(Collectors.toSet());
        boolean added = false;
        for (Flag flag : flags) {
            if (!held.add(key(flag))) {
                continue;
            }
            Flag copy = flag.copy();
            copy.setId(freeId(plan, "referral-flag"));
            local(copy);
            copy.setSubject(patient(person));
            plan.addContained(copy);
            plan.addSupportingInfo(new Reference("#" + copy.getIdElement().getIdPart()).setType("Flag")
                    .setDisplay("Alert from the referrer: " + text(copy.getCode())));
            added = true;
        }
        return added;
    }

    /** "Jane Smith (daughter)". */
    static String describe(RelatedPerson carer) {
        String name = carer.getNameFirstRep().hasText() ? carer.getNameFirstRep().getText()
                : (carer.getNameFirstRep().getGivenAsSingleString() + " " + carer.getNameFirstRep().getFamily()).trim();
        String relationship = carer.hasRelationship() ? text(carer.getRelationshipFirstRep()) : null;
        return (name.isBlank() || "null".equals(name) ? "Carer" : name)
                + (relationship == null || relationship.isBlank() ? "" : " (" + relationship + ")");
    }

    private static String key(String described) {
        return described.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
    }

    private static String key(Flag flag) {
        Coding coding = flag.getCode().getCodingFirstRep();
        return coding.hasCode() ? coding.getSystem() + "|" + coding.getCode()
                : key(Objects.toString(flag.getCode().getText(), ""));
    }

    private static String text(CodeableConcept concept) {
        return concept.hasText() ? concept.getText()
                : concept.getCodingFirstRep().hasDisplay() ? concept.getCodingFirstRep().getDisplay()
                : concept.getCodingFirstRep().getCode();
    }

    private static Reference patient(NhsNumber person) {
        return new Reference().setType("Patient")
                .setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(person.value()));
    }

    /** References to the referral's other contained resources mean nothing here: keep what they say, not where. */
    private static void local(Resource copy) {
        for (Reference reference : Fhir.context().newTerser().getAllPopulatedChildElementsOfType(copy,
                Reference.class)) {
            if (reference.hasReference() && reference.getReference().startsWith("#")) {
                reference.setReference(null);
            }
        }
    }

    private static String freeId(DomainResource resource, String prefix) {
        Set<String> taken = resource.getContained().stream().map(r -> r.getIdElement().getIdPart())
                .collect(Collectors.toSet());
        int n = 1;
        while (taken.contains(prefix + "-" + n)) {
            n++;
        }
        return prefix + "-" + n;
    }
}
