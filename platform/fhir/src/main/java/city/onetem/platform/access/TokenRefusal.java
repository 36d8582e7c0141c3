package city.onetem.platform.access;

import io.smallrye.jwt.auth.principal.ParseException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Why a bearer token was refused, in words its sender can act on. It says only what is wrong
 * with the token they sent, never anything about a person's record.
 */
public final class TokenRefusal {

    static final String GENERAL = "Send a valid bearer token (Authorization: Bearer <JWT>) from an issuer this"
            + " system trusts";

    private TokenRefusal() {
    }

    /** A refusal whose message is already meant for the sender. */
    static final class Explained extends ParseException {
        Explained(String message) {
            super(message);
        }
    }

    public static String reason(Throwable refused) {
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            if (cause instanceof Explained explained) {
                return explained.getMessage();
            }
            if (cause instanceof InvalidJwtException invalid) {
                return reason(invalid);
            }
        }
        return GENERAL;
    }

    private static String reason(InvalidJwtException invalid) {
        if (invalid.hasExpired()) {
            return "The bearer token has expired: get a new one from your identity provider";
        }
        if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "The bearer token is not for this system: its aud claim must name this system's audience for"
                    + " your issuer";
        }
        if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "The bearer token's signature does not verify with its issuer's published keys";
        }
        if (invalid.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE) || invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return "The bearer token is not valid yet: check the clocks of your identity provider and your system";
        }
        return GENERAL;
    }
}
