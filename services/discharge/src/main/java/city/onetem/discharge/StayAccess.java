package city.onetem.discharge;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.relationships.PersonAccess;
import city.onetem.platform.relationships.PlanHolders;
import city.onetem.platform.store.StoredSearch;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Whose hospital stays a caller sees and changes: a discharge hub its own hospital's (the stay's
 * sending facility is the hub's organisation or one of its sites: an ODS site code is its trust's
 * code and two more characters, RHM01 of RHM);
 * a cluster team the stays of the people whose plan it holds; the SPA every stay, as the city's
 * coordinator of the community services people go home to. Refusals name nobody.
 */
@RequestScoped
public class StayAccess {

    static final String NOT_YOURS = "You have no care relationship with this person's hospital stay: a discharge hub"
            + " sees its own hospital's stays, a cluster team those of the people whose plan it holds";

    @Inject
    Caller caller;
    @Inject
    PersonAccess access;

    /**
     * The hospital always sees its own stays; the SPA and the person's team, unless the person
     * refused to share with their organisation; anyone, under break glass.
     */
    public boolean covers(HospitalStay stay) {
        if (caller.hasRole(Roles.DISCHARGE_HUB) && ownHospital(stay.hospital)) {
            return true;
        }
        boolean shared = caller.hasRole(Roles.SPA)
                || caller.hasRole(Roles.CARE_TEAM) && PlanHolders.heldByOneOf(stay.nhsNumber, caller.teams());
        return access.allows(stay.nhsNumber, shared);
    }

    /** The stay, once the caller is allowed it (null passes, for a 404); the access is audited as theirs. */
    public HospitalStay require(HospitalStay stay) {
        if (stay != null) {
            AuditTrail.about(stay.nhsNumber);
            if (!covers(stay)) {
                throw FhirException.forbidden(NOT_YOURS);
            }
        }
        return stay;
    }

    /** Narrows a search to the caller's stays in the query itself, so no other stay is found or counted. */
    public void restrict(StoredSearch search) {
        List<String> ownHospital = new ArrayList<>();
        String organisation = caller.organisation();
        if (caller.hasRole(Roles.DISCHARGE_HUB) && organisation != null) {
            ownHospital.add("(hospital = :myHospital or (length(hospital) = :mySiteLength"
                    + " and substring(hospital, 1, :myHospitalLength) = :myHospital))");
            search.bind("myHospital", organisation).bind("myHospitalLength", organisation.length())
                    .bind("mySiteLength", organisation.length() + 2);
        }
        List<String> shared = new ArrayList<>();
        if (caller.hasRole(Roles.SPA)) {
            shared.add("1 = 1");
        } else if (caller.hasRole(Roles.CARE_TEAM) && !caller.teams().isEmpty()) {
            shared.add(PlanHolders.HELD_BY_MY_TEAMS);
            search.bind("myTeams", caller.teams());
        }
        access.restrict(search, ownHospital, shared);
    }

    private boolean ownHospital(String hospital) {
        String organisation = caller.organisation();
        return organisation != null && hospital != null && (hospital.equals(organisation)
                || hospital.length() == organisation.length() + 2 && hospital.startsWith(organisation));
    }
}
