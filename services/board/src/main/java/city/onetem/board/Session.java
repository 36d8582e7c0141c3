package city.onetem.board;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who signed in, as their ID token said, with the access token the board sends to the services
 * for them, until it expires: what the session cookie holds, sealed. The form key, random per
 * session, is what every form of the board carries back (CSRF): another site cannot read it.
 */
public record Session(String subject, String name, String organisation, List<String> roles, List<String> teams,
        String accessToken, long expires, String formKey) {

    static final String COOKIE = "onetem_session";
    private static final ObjectMapper JSON = new ObjectMapper();

    boolean expired() {
        return Instant.now().getEpochSecond() >= expires;
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<Session> fromJson(String json) {
        try {
            return Optional.of(JSON.readValue(json, Session.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
