package city.onetem.platform.fhir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;

/**
 * FHIR conditional create (http.html#ccreate): {@code If-None-Exist: identifier=system|value}
 * on a POST. The search supported is one identifier with its system, which is how a sender
 * names its own record; anything else is a 400 rather than a condition silently ignored (which
 * would create a duplicate the sender asked not to make). The resource must carry the identifier
 * it is conditional on: otherwise the next conditional create would not find it, which is what
 * HAPI FHIR's own server refuses too.
 *
 * <p>What a service does with the matches it finds is {@link #existing}: none, create; one, the
 * caller's own, answer 200 with it and create nothing; one about another person, 409 saying
 * nothing of it (a guess at someone's identifier reveals nothing); several, 412.
 *
 * @param identifier the identifier searched for
 */
public record ConditionalCreate(Identifier identifier) {

    /** A resource found by the condition: its id, and the NHS number of the person it is about. */
    public record Match(String id, String nhsNumber) {
    }

    /**
     * The condition in an If-None-Exist header (or a transaction entry's request.ifNoneExist),
     * or null when there is none. Accepts {@code identifier=...} and {@code Type?identifier=...}.
     */
    public static ConditionalCreate parse(String type, String ifNoneExist, IBaseResource body) {
        if (ifNoneExist == null || ifNoneExist.isBlank()) {
            return null;
        }
        String query = ifNoneExist.trim();
        int mark = query.indexOf('?');
        if (mark >= 0) {
            String named = query.substring(0, mark).replaceFirst("^.*/", "");
            if (!named.isEmpty() && !named.equals(type)) {
                throw invalid("If-None-Exist searches " + named + ", but this creates a " + type);
            }
            query = query.substring(mark + 1);
        }
        String[] parameters = query.split("&");
        if (parameters.length != 1 || !parameters[0].startsWith("identifier=")) {
            throw invalid("If-None-Exist supports one search here, identifier=system|value, not '" + ifNoneExist + "'");
        }
        String token = decode(parameters[0].substring("identifier=".length()));
        int bar = token.indexOf('|');
        if (bar <= 0 || bar == token.length() - 1 || token.indexOf(',') >= 0) {
            throw invalid("If-None-Exist names one identifier with its system, identifier=system|value, not '"
                    + token + "'");
        }
        Identifier identifier = new Identifier().setSystem(token.substring(0, bar)).setValue(token.substring(bar + 1));
        List<Identifier> carried = Fhir.context().newTerser().getValues(body, "identifier", Identifier.class);
        if (carried.stream().noneMatch(i -> identifier.getSystem().equals(i.getSystem())
                && identifier.getValue().equals(i.getValue()))) {
            throw FhirException.invalid(type + ".identifier", "The " + type + " must carry the identifier If-None-Exist "
                    + "names (" + token + "), so that sending it again finds it");
        }
        return new ConditionalCreate(identifier);
    }

    /**
     * The resource to answer with instead of creating one, from what the condition matched for
     * this person: empty when nothing matched (create it).
     */
    public java.util.Optional<String> existing(String type, List<Match> matches, String nhsNumber) {
        if (matches.stream().anyMatch(m -> !m.nhsNumber().equals(nhsNumber))) {
            throw FhirException.conflict("Another " + type + " already carries the identifier " + identifier.getSystem()
                    + "|" + identifier.getValue() + " (If-None-Exist): give this one an identifier of its own");
        }
        if (matches.size() > 1) {
            throw FhirException.preconditionFailed(matches.size() + " " + type + " resources carry the identifier "
                    + identifier.getSystem() + "|" + identifier.getValue() + ": If-None-Exist must match at most one");
        }
        return matches.stream().findFirst().map(Match::id);
    }

    private static FhirException invalid(String message) {
        return FhirException.invalid("If-None-Exist", message);
    }

    /** Percent-decoding; a '+' stays a '+' (it is not a space in a header). */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("If-None-Exist is not a valid search: " + text);
        }
    }
}
