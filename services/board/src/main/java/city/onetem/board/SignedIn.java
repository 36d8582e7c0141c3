package city.onetem.board;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The person signed in to the board for this request ({@link SessionFilter} sets it from the
 * session cookie): who they are, as their identity provider said, and the access token the board
 * sends on to the services for them.
 */
@RequestScoped
public class SignedIn {

    private Session session;

    void set(Session session) {
        this.session = session;
    }

    public String name() {
        return session.name();
    }

    public String organisation() {
        return session.organisation();
    }

    /** Their cluster teams' codes, in the order the token names them: the first is the board they open on. */
    public List<String> teams() {
        return session.teams();
    }

    /** The SPA's coordinators work its queues (their sign-in's groups name the role). */
    public boolean coordinatesSpa() {
        return session.roles().contains("spa-coordinator");
    }

    /** The virtual wards' clinicians answer their escalations. */
    public boolean looksAfterTheWards() {
        return session.roles().contains("virtual-ward-clinician");
    }

    /** The team a page asked for if they work in it, else the first their sign-in names; never another team. */
    String team(String asked) {
        return asked != null && teams().contains(asked) ? asked : teams().get(0);
    }

    String accessToken() {
        return session.accessToken();
    }

    /** What each form carries back, to show it came from the board's own page (CSRF). */
    public String formKey() {
        return session.formKey();
    }

    /** 403 unless the form carried this session's key: a page of another site cannot have it. */
    void checkForm(String carried) {
        if (carried == null || !java.security.MessageDigest.isEqual(carried.getBytes(StandardCharsets.UTF_8),
                session.formKey().getBytes(StandardCharsets.UTF_8))) {
            throw new WebApplicationException(Response.status(403).type(MediaType.TEXT_PLAIN_TYPE)
                    .entity("This form did not come from your board page, or your session has changed since: go"
                            + " back, reload the page and try again").build());
        }
    }
}
