package city.onetem.board;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdToken;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The person signed in to the board, as their identity provider's ID token says (name, role,
 * organisation, cluster teams), and the access token the board sends on to the services for them.
 */
@RequestScoped
public class SignedIn {

    @Inject
    @IdToken
    JsonWebToken idToken;
    @Inject
    AccessTokenCredential accessToken;

    public String name() {
        String name = idToken.getClaim("name");
        return name != null ? name : idToken.getSubject();
    }

    public String organisation() {
        Object org = idToken.getClaim("org");
        return org == null ? null : org instanceof JsonString text ? text.getString() : org.toString();
    }

    /** Their cluster teams' codes, in the order the token names them: the first is the board they open on. */
    public List<String> teams() {
        Object claim = idToken.getClaim("teams");
        List<String> teams = new ArrayList<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(v -> teams.add(v instanceof JsonString text ? text.getString() : v.toString()));
        }
        return teams;
    }

    public List<String> roles() {
        return List.copyOf(idToken.getGroups());
    }

    String accessToken() {
        return accessToken.getToken();
    }
}
