package city.onetem.referrals;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.relationships.PersonAccess;
import city.onetem.platform.store.StoredSearch;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whose referrals a caller sees: the SPA every one (it triages and routes them all); a referring
 * system the ones it sent (by organisation, else by its identity); a cluster team the ones routed
 * to it. Refusals name no person and say nothing of what the referral holds.
 */
@RequestScoped
public class ReferralAccess {

    static final String NOT_YOURS = "This referral was not sent by you and is not routed to your team: only its"
            + " sender, the team it is routed to and the SPA see it";

    @Inject
    Caller caller;
    @Inject
    PersonAccess access;

    /**
     * The sender always sees what it sent, and the SPA what was sent to it (a person's objection to
     * sharing cannot stop a referral reaching the service that must route it); the team it is
     * routed to, unless the person refused to share with its organisation; anyone, under break glass.
     */
    public boolean covers(Referral referral) {
        if (caller.hasRole(Roles.SPA)
                || caller.hasRole(Roles.REFERRER) && caller.sender() != null && caller.sender().equals(referral.referrer)) {
            return true;
        }
        boolean shared = caller.hasRole(Roles.CARE_TEAM) && referral.cluster != null
                && caller.teams().contains(referral.cluster);
        return access.allows(referral.nhsNumber, shared);
    }

    /** The referral, once the caller is allowed it (null passes, for a 404); the access is audited as theirs. */
    public Referral require(Referral referral) {
        if (referral != null) {
            AuditTrail.about(referral.nhsNumber);
            if (!covers(referral)) {
                throw FhirException.forbidden(NOT_YOURS);
            }
        }
        return referral;
    }

    /** Narrows a search to the caller's referrals in the query itself, so no other referral is found or counted. */
    public void restrict(StoredSearch search) {
        List<String> sentOrTo = new ArrayList<>();
        if (caller.hasRole(Roles.SPA)) {
            sentOrTo.add("1 = 1");
        } else if (caller.hasRole(Roles.REFERRER) && caller.sender() != null) {
            sentOrTo.add("referrer = :mySender");
            search.bind("mySender", caller.sender());
        }
        List<String> shared = new ArrayList<>();
        Set<String> teams = caller.teams();
        if (caller.hasRole(Roles.CARE_TEAM) && !teams.isEmpty()) {
            shared.add("cluster in :myTeams");
            search.bind("myTeams", teams);
        }
        access.restrict(search, sentOrTo, shared);
    }
}
