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
 * a cluster team member the stays of the people whose plan their team holds or whose CareTeam
 * names them or their team (as relationships.v1 says); the SPA every stay, as the city's
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
                || caller.hasRole(Roles.CARE_TEAM) && PlanHolders.related(stay.nhsNumber, caller);
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
        } else if (caller.hasRole(Roles.CARE_TEAM)) {
            PlanHolders.related(shared, search, caller);
        }
        access.restrict(search, ownHospital, shared);
    }

    /** Whether this hospital (an ODS code, as MSH-4 gives it) is the caller's organisation or one of its sites. */
    public boolean ownHospital(String hospital) {
        String organisation = caller.organisation();
        return organisation != null && hospital != null && (hospital.equals(organisation)
                || hospital.length() == organisation.length() + 2 && hospital.startsWith(organisation));
    }
}
