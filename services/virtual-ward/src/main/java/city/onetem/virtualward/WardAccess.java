package city.onetem.virtualward;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.relationships.PersonAccess;
import city.onetem.platform.relationships.PlanHolders;
import city.onetem.platform.store.StoredSearch;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * Whose virtual ward records a caller sees: the ward's clinicians every person on it, the SPA
 * every person (it admits people stepping up from the community), a cluster team member the people
 * whose plan their team holds or whose CareTeam names them or their team, as relationships.v1
 * says, and records readings (a home visit) for those people only; a monitoring device records
 * for the person whose stay names it, and reads nothing.
 * Refusals are the same words whether the person is on a ward or not.
 */
@RequestScoped
public class WardAccess {

    static final String NOT_ASSIGNED = "This device is not assigned to this person's virtual ward stay: the"
            + " admission names the kit it assigns (extension " + WardStay.MONITORING_DEVICE_EXTENSION + ")";
    static final String NOT_YOURS = "You have no care relationship with this person: a cluster team sees the virtual"
            + " ward records of the people whose plan it holds";

    @Inject
    Caller caller;
    @Inject
    PersonAccess access;

    /** Unless the person refused to share with the caller's organisation; anyone, under break glass. */
    public boolean covers(String nhsNumber) {
        boolean shared = caller.hasRole(Roles.VIRTUAL_WARD) || caller.hasRole(Roles.SPA)
                || caller.hasRole(Roles.CARE_TEAM) && PlanHolders.related(nhsNumber, caller);
        return access.allows(nhsNumber, shared);
    }

    /**
     * Whether the caller may record readings for this person: as {@link #covers}, or a monitoring
     * device assigned to their active stay (a device records, and reads nothing).
     */
    public boolean mayRecordFor(String nhsNumber) {
        if (caller.hasRole(Roles.MONITORING_DEVICE)) {
            WardStay stay = WardStay.activeFor(nhsNumber);
            return stay != null && stay.assigned(caller.id());
        }
        return covers(nhsNumber);
    }

    /** 403 unless the caller may record readings for this person; audited as theirs. */
    public void requireRecording(String nhsNumber) {
        AuditTrail.about(nhsNumber);
        if (!mayRecordFor(nhsNumber)) {
            throw FhirException.forbidden(caller.hasRole(Roles.MONITORING_DEVICE) ? NOT_ASSIGNED : NOT_YOURS);
        }
    }

    /** 403 unless the caller may see this person's records; the access is audited as theirs. */
    public void require(String nhsNumber) {
        AuditTrail.about(nhsNumber);
        if (!covers(nhsNumber)) {
            throw FhirException.forbidden(NOT_YOURS);
        }
    }

    /** A search here always names the person: 403 unless they are the caller's. */
    public StoredSearch require(StoredSearch search) {
        if (search.person() != null) {
            require(search.person().value());
        }
        return search;
    }
}
