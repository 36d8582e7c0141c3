package city.onetem.board;

import jakarta.enterprise.context.RequestScoped;
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

    /** The team a page asked for if they work in it, else the first their sign-in names; never another team. */
    String team(String asked) {
        return asked != null && teams().contains(asked) ? asked : teams().get(0);
    }

    String accessToken() {
        return session.accessToken();
    }
}
