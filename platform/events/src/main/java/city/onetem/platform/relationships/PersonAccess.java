package city.onetem.platform.relationships;

import city.onetem.platform.access.Caller;
import city.onetem.platform.store.StoredSearch;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule every service's access rules end in, whatever its own relationships are: a care
 * relationship counts unless the person refused to share with the caller's organisation
 * ({@link Objections}); without one, emergency access (break glass) still reaches the person.
 * A service's own records (a referrer's referral, a hospital's stay) are not shared, so no
 * objection refuses them.
 */
@RequestScoped
public class PersonAccess {

    @Inject
    Caller caller;
    @Inject
    BreakGlass breakGlass;

    private final Map<String, Boolean> refused = new HashMap<>();

    /** Whether the caller reaches this person, given whether they have a care relationship with them. */
    public boolean allows(String nhsNumber, boolean related) {
        return related && !refused(nhsNumber) || breakGlass.allows(nhsNumber);
    }

    /**
     * When the caller's access to this person ends: never (empty) while a care relationship the
     * person has not refused gives it; when their emergency access expires, when only that does.
     */
    public Optional<Instant> endsAt(String nhsNumber, boolean related) {
        return related && !refused(nhsNumber) ? Optional.empty() : breakGlass.until(nhsNumber);
    }

    /** Whether the person refused to share with the caller's organisation; asked once per request. */
    private boolean refused(String nhsNumber) {
        return refused.computeIfAbsent(nhsNumber, person -> Objections.refuse(person, caller.organisation()));
    }

    /**
     * Narrows a search, in the query itself, to the caller's own records (JPQL alternatives, no
     * objection applies), their related people's records unless refused, and the people they hold
     * emergency access to; nothing when there are none.
     */
    public void restrict(StoredSearch search, List<String> ownRecords, List<String> related) {
        List<String> allowed = new ArrayList<>(ownRecords);
        if (!related.isEmpty()) {
            allowed.add("((" + String.join(" or ", related) + ") and " + Objections.NOT_REFUSING_ME + ")");
            Objections.bindMe(search, caller.organisation());
        }
        breakGlass.include(allowed, search);
        search.where(allowed.isEmpty() ? "1 = 0" : "(" + String.join(" or ", allowed) + ")");
    }
}
