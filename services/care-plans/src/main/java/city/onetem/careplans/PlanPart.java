package city.onetem.careplans;

import city.onetem.platform.access.Caller;
import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.ReferralContract;
import city.onetem.platform.fhir.Fhir;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.Identifiers;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.relationships.Objections;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam.CareTeamParticipantComponent;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * What differs between the resources people write as parts of a plan: where each names the
 * person and its status, what makes one acceptable, and the line it puts on the plan so that
 * everyone reading the plan sees it.
 */
abstract class PlanPart<T extends DomainResource> {

    static final PlanPart<CareTeam> CARE_TEAM = new CareTeams();
    static final PlanPart<Goal> GOAL = new Goals();
    static final PlanPart<QuestionnaireResponse> ASSESSMENT = new Assessments();
    static final PlanPart<Consent> CONSENT = new Consents();
    private static final ObjectMapper JSON = new ObjectMapper();

    final Class<T> type;
    final String created;
    final String updated;

    private PlanPart(Class<T> type, String created, String updated) {
        this.type = type;
        this.created = created;
        this.updated = updated;
    }

    String name() {
        return type.getSimpleName();
    }

    abstract Reference subject(T part);

    /** The status column (and search value); null when the resource has none. */
    abstract String status(T part);

    /** 400 or 422 for what people must correct; called before anything is written. */
    abstract void check(T part, String changedBy);

    /** Puts this part's current line on the plan, replacing the line of its earlier version. */
    abstract void show(CarePlan plan, String reference, T part);

    /** What else the written part changes here, in its transaction: nothing, but for a Consent. */
    void written(PlanPartRecord record, EntityManager entities) {
    }

    /** The person, by NHS number on the subject: a 400 naming the element when it is missing or wrong. */
    NhsNumber person(T part) {
        var identifier = subject(part).getIdentifier();
        String problem = !NhsNumber.SYSTEM.equals(identifier.getSystem()) ? "names no NHS number (" + NhsNumber.SYSTEM + ")"
                : NhsNumber.problem(identifier.getValue());
        if (problem != null) {
            throw FhirException.invalid(name() + ".subject.identifier",
                    name() + ".subject must name the person by NHS number: " + problem);
        }
        return new NhsNumber(identifier.getValue());
    }

    /** The plan's link to a part: a reference to it here, with its line as the display. */
    static Reference link(List<Reference> links, String reference) {
        return links.stream().filter(r -> reference.equals(r.getReference())).findFirst()
                .orElseGet(() -> {
                    Reference added = new Reference(reference);
                    links.add(added);
                    return added;
                });
    }

    static final class CareTeams extends PlanPart<CareTeam> {

        CareTeams() {
            super(CareTeam.class, EventTypes.CARETEAM_CREATED, EventTypes.CARETEAM_UPDATED);
        }

        @Override
        Reference subject(CareTeam team) {
            return team.getSubject();
        }

        @Override
        String status(CareTeam team) {
            return team.getStatus() == null ? null : team.getStatus().toCode();
        }

        @Override
        void check(CareTeam team, String changedBy) {
            if (team.getStatus() == null) {
                team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
            }
            for (int i = 0; i < team.getParticipant().size(); i++) {
                CareTeamParticipantComponent participant = team.getParticipant().get(i);
                if (!participant.getRoleFirstRep().hasCoding() && !participant.getRoleFirstRep().hasText()) {
                    throw FhirException.invalid("CareTeam.participant[" + i + "].role",
                            "Say what each member does (participant.role), e.g. community nurse, social worker, or "
                                    + "a role from " + CarePlanContract.CARE_TEAM_ROLE_SYSTEM);
                }
                // The values, not hasX(): an element given only as an extension (_display) has no value to show.
                if (participant.getMember().getDisplay() == null && participant.getMember().getIdentifier().getValue() == null) {
                    throw FhirException.invalid("CareTeam.participant[" + i + "].member",
                            "Name each member (participant.member.display, with an identifier where there is one)");
                }
            }
            onlyOne(team, CarePlanContract.ACCOUNTABLE_PROFESSIONAL, "accountable professional");
            onlyOne(team, CarePlanContract.CARE_NAVIGATOR, "care navigator");
        }

        private static void onlyOne(CareTeam team, String role, String what) {
            List<String> named = holders(team, role);
            if (named.size() > 1) {
                throw FhirException.businessRule("A person has one " + what + ", so that everyone knows who to call; "
                        + "this care team names " + named.size() + ": " + String.join(", ", named));
            }
        }

        static List<String> holders(CareTeam team, String role) {
            return team.getParticipant().stream()
                    .filter(p -> p.getRole().stream().anyMatch(r -> r.hasCoding(CarePlanContract.CARE_TEAM_ROLE_SYSTEM, role)))
                    .map(p -> p.getMember().getDisplay() != null ? p.getMember().getDisplay()
                            : p.getMember().getIdentifier().getValue())
                    .toList();
        }

        /** "Care team: accountable professional Ann Lee; care navigator Raj Patel; 4 members, 1 carer". */
        @Override
        void show(CarePlan plan, String reference, CareTeam team) {
            List<String> accountable = holders(team, CarePlanContract.ACCOUNTABLE_PROFESSIONAL);
            List<String> navigator = holders(team, CarePlanContract.CARE_NAVIGATOR);
            long carers = holders(team, CarePlanContract.CARER).size();
            link(plan.getCareTeam(), reference).setDisplay("Care team: "
                    + (accountable.isEmpty() ? "no accountable professional named yet" : "accountable professional "
                            + accountable.get(0))
                    + "; " + (navigator.isEmpty() ? "no care navigator named yet" : "care navigator " + navigator.get(0))
                    + "; " + team.getParticipant().size() + " member" + (team.getParticipant().size() == 1 ? "" : "s")
                    + (carers == 0 ? "" : ", " + carers + " carer" + (carers == 1 ? "" : "s")));
            plan.getExtension().removeIf(e -> CarePlanContract.CARE_TEAM_MEMBER_EXTENSION.equals(e.getUrl())
                    && e.getExtensionByUrl("careTeam") != null
                    && reference.equals(((Reference) e.getExtensionByUrl("careTeam").getValue()).getReference()));
            for (CareTeamParticipantComponent participant : team.getParticipant()) {
                Identifier member = participant.getMember().getIdentifier();
                if ((Caller.USER_SYSTEM.equals(member.getSystem()) || ReferralContract.CLUSTER_SYSTEM.equals(
                        member.getSystem())) && member.hasValue()) {
                    Extension named = plan.addExtension().setUrl(CarePlanContract.CARE_TEAM_MEMBER_EXTENSION);
                    named.addExtension("careTeam", new Reference(reference));
                    named.addExtension("member", new Identifier().setSystem(member.getSystem())
                            .setValue(member.getValue()));
                }
            }
        }
    }

    private static final class Goals extends PlanPart<Goal> {

        Goals() {
            super(Goal.class, EventTypes.GOAL_CREATED, EventTypes.GOAL_UPDATED);
        }

        @Override
        Reference subject(Goal goal) {
            return goal.getSubject();
        }

        @Override
        String status(Goal goal) {
            return goal.getLifecycleStatus() == null ? null : goal.getLifecycleStatus().toCode();
        }

        @Override
        void check(Goal goal, String changedBy) {
            if (goal.getLifecycleStatus() == null) {
                throw FhirException.invalid("Goal.lifecycleStatus", "Goal.lifecycleStatus is required: proposed, "
                        + "active, on-hold, completed, cancelled, ...");
            }
            if (describe(goal) == null) {
                throw FhirException.invalid("Goal.description", "Say what the goal is, in the person's words where "
                        + "possible: Goal.description.text");
            }
        }

        /** What the goal is in words: its text, else its coding's display or code; null when it has none. */
        private static String describe(Goal goal) {
            String text = goal.getDescription().getText();
            if (text != null && !text.isBlank()) {
                return text;
            }
            return goal.getDescription().getCoding().stream()
                    .map(coding -> coding.getDisplay() != null ? coding.getDisplay() : coding.getCode())
                    .filter(words -> words != null && !words.isBlank()).findFirst().orElse(null);
        }

        /** "Walk to the shops again (active, due 2027-02-01)". */
        @Override
        void show(CarePlan plan, String reference, Goal goal) {
            String what = describe(goal);
            Date due = goal.getTargetFirstRep().hasDueDateType() ? goal.getTargetFirstRep().getDueDateType().getValue() : null;
            link(plan.getGoal(), reference).setDisplay(what + " (" + goal.getLifecycleStatus().toCode()
                    + (due == null ? "" : ", due " + PlanActivities.day(due)) + ")");
        }
    }

    private static final class Assessments extends PlanPart<QuestionnaireResponse> {

        Assessments() {
            super(QuestionnaireResponse.class, EventTypes.ASSESSMENT_RECORDED, EventTypes.ASSESSMENT_UPDATED);
        }

        @Override
        Reference subject(QuestionnaireResponse assessment) {
            return assessment.getSubject();
        }

        @Override
        String status(QuestionnaireResponse assessment) {
            return assessment.getStatus() == null ? null : assessment.getStatus().toCode();
        }

        /** Who wrote it and when are always there: from the caller's token and the clock, unless given. */
        @Override
        void check(QuestionnaireResponse assessment, String changedBy) {
            if (assessment.getStatus() == null) {
                throw FhirException.invalid("QuestionnaireResponse.status", "QuestionnaireResponse.status is "
                        + "required: in-progress, completed, amended, ...");
            }
            if (assessment.getQuestionnaire() == null || assessment.getQuestionnaire().isBlank()) {
                throw FhirException.invalid("QuestionnaireResponse.questionnaire", "Name the assessment it answers: "
                        + "for the common trusted assessment, " + CarePlanContract.COMMON_ASSESSMENT);
            }
            if (!assessment.hasItem()) {
                throw FhirException.invalid("QuestionnaireResponse.item", "An assessment without answers tells "
                        + "nobody anything: add its items");
            }
            if (!assessment.getAuthor().hasDisplay() && !assessment.getAuthor().hasIdentifier()) {
                assessment.setAuthor(new Reference().setDisplay(changedBy));
            }
            if (!assessment.hasAuthored()) {
                assessment.setAuthored(new Date());
            }
        }

        /** "Common trusted assessment (completed) by nurse.jones (R1C) on 2026-11-25". */
        @Override
        void show(CarePlan plan, String reference, QuestionnaireResponse assessment) {
            String questionnaire = assessment.getQuestionnaire();
            String what = CarePlanContract.COMMON_ASSESSMENT.equals(questionnaire) ? "Common trusted assessment"
                    : "Assessment " + questionnaire.substring(questionnaire.lastIndexOf('/') + 1);
            String author = assessment.getAuthor().hasDisplay() ? assessment.getAuthor().getDisplay()
                    : assessment.getAuthor().getIdentifier().getValue();
            link(plan.getSupportingInfo(), reference).setDisplay(what + " (" + assessment.getStatus().toCode()
                    + ") by " + author + " on " + PlanActivities.day(assessment.getAuthored()));
        }
    }

    /**
     * A person's objection to sharing their record (provision deny): who gave it (performer), when
     * (dateTime), how (source), who keeps it (organization) and whom it refuses (provision.actor by
     * ODS code, or none: everyone outside the keeper). Sharing for direct care is the default, so a
     * Consent here is only ever an objection; withdrawing it is status inactive.
     */
    private static final class Consents extends PlanPart<Consent> {

        Consents() {
            super(Consent.class, EventTypes.CONSENT_CREATED, EventTypes.CONSENT_UPDATED);
        }

        @Override
        Reference subject(Consent consent) {
            return consent.getPatient();
        }

        @Override
        String status(Consent consent) {
            return consent.getStatus() == null ? null : consent.getStatus().toCode();
        }

        @Override
        void check(Consent consent, String changedBy) {
            if (consent.getStatus() == null) {
                throw FhirException.invalid("Consent.status", "Consent.status is required: active for an objection"
                        + " in force, inactive once the person withdraws it");
            }
            if (consent.getProvision().getType() != Consent.ConsentProvisionType.DENY) {
                throw FhirException.businessRule("Sharing a record for the person's direct care is the default: record"
                        + " only an objection, Consent.provision.type deny (with provision.actor naming the"
                        + " organisations refused, or none for everyone outside your organisation)");
            }
            if (!consent.hasDateTime()) {
                throw FhirException.invalid("Consent.dateTime", "Say when the person gave it: Consent.dateTime");
            }
            if (consent.getPerformer().stream().noneMatch(p -> p.hasDisplay() || p.hasIdentifier())) {
                throw FhirException.invalid("Consent.performer", "Say who gave it (the person, or who speaks for"
                        + " them): Consent.performer with a display or identifier");
            }
            if (!how(consent).isPresent()) {
                throw FhirException.invalid("Consent.source", "Say how it was given (e.g. \"Verbally, at a home"
                        + " visit\" or the signed form): Consent.sourceAttachment.title or sourceReference.display");
            }
            if (keeper(consent) == null) {
                throw FhirException.invalid("Consent.organization", "Name the organisation that keeps the objection"
                        + " by ODS code: Consent.organization.identifier (" + Identifiers.ODS_ORGANIZATION + ")");
            }
            for (int i = 0; i < consent.getProvision().getActor().size(); i++) {
                Identifier actor = consent.getProvision().getActor().get(i).getReference().getIdentifier();
                if (!Identifiers.ODS_ORGANIZATION.equals(actor.getSystem()) || !actor.hasValue()) {
                    throw FhirException.invalid("Consent.provision.actor[" + i + "].reference.identifier",
                            "Name each organisation refused by ODS code (" + Identifiers.ODS_ORGANIZATION + ")");
                }
            }
        }

        /** "Objects to sharing this record with RX1, NHS111 (given by Mrs Smith on 2026-11-30, verbally...)". */
        @Override
        void show(CarePlan plan, String reference, Consent consent) {
            String whom = consent.getProvision().hasActor() ? consent.getProvision().getActor().stream()
                    .map(a -> a.getReference().getIdentifier().getValue()).collect(Collectors.joining(", "))
                    : "anyone outside " + keeper(consent);
            String given = "given by " + who(consent) + " on " + PlanActivities.day(consent.getDateTime()) + ", "
                    + how(consent).orElse("");
            link(plan.getSupportingInfo(), reference).setDisplay(consent.getStatus() == Consent.ConsentState.ACTIVE
                    ? "Objects to sharing this record with " + whom + " (" + given + ")"
                    : "Objection to sharing with " + whom + " withdrawn (" + given + ")");
            plan.getExtension().removeIf(e -> CarePlanContract.SHARING_OBJECTION_EXTENSION.equals(e.getUrl())
                    && e.getExtensionByUrl("consent") != null
                    && reference.equals(((Reference) e.getExtensionByUrl("consent").getValue()).getReference()));
            try {
                for (Objections.Rule rule : Objections.of(JSON.readTree(Fhir.toJson(consent)))) {
                    Extension objection = plan.addExtension().setUrl(CarePlanContract.SHARING_OBJECTION_EXTENSION);
                    objection.addExtension("consent", new Reference(reference));
                    objection.addExtension("recipient", new StringType(rule.recipient()));
                    if (rule.keeper() != null) {
                        objection.addExtension("keeper", new StringType(rule.keeper()));
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("A Consent could not be read as JSON", e);
            }
        }

        @Override
        void written(PlanPartRecord record, EntityManager entities) {
            try {
                Objections.replace(entities, record.id, record.nhsNumber, JSON.readTree(record.resource));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("A Consent just written could not be read back", e);
            }
        }

        private static String keeper(Consent consent) {
            return consent.getOrganization().stream().map(o -> o.getIdentifier().getValue())
                    .filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
        }

        private static String who(Consent consent) {
            Reference performer = consent.getPerformer().stream().filter(p -> p.hasDisplay() || p.hasIdentifier())
                    .findFirst().orElseThrow();
            return performer.hasDisplay() ? performer.getDisplay() : performer.getIdentifier().getValue();
        }

        private static java.util.Optional<String> how(Consent consent) {
            if (consent.hasSourceAttachment() && consent.getSourceAttachment().hasTitle()) {
                return java.util.Optional.of(consent.getSourceAttachment().getTitle());
            }
            if (consent.hasSourceReference() && consent.getSourceReference().hasDisplay()) {
                return java.util.Optional.of(consent.getSourceReference().getDisplay());
            }
            return java.util.Optional.empty();
        }
    }
}
