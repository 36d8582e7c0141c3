package city.onetem.platform.testing.fuzz;

import java.util.function.Supplier;

/**
 * The resource an endpoint's path names while it is fuzzed: made when first needed, by the
 * service's own API, in the state the endpoint needs (a referral to triage, a task to assign).
 * A mutation that is still valid changes it: {@link #moveOn} makes a fresh one for the next try,
 * {@link #keep} stays on it at the version the answer names.
 */
public final class FuzzTarget {

    /** A resource as made: its id and version. */
    public record Made(String id, long version) {
    }

    private final Supplier<Made> make;
    private Made current;

    public FuzzTarget(Supplier<Made> make) {
        this.make = make;
    }

    public String id() {
        return current().id();
    }

    /** If-Match naming the version now stored: W/"n". */
    public String ifMatch() {
        return "W/\"" + current().version() + "\"";
    }

    /** After an accepted change that leaves it unfit for the endpoint (a referral moved on): the next try gets a new one. */
    public void moveOn(WriteEndpoint.Answer answer) {
        current = null;
    }

    /** After an accepted change that leaves it fit: stay on it, at the version the answer's ETag names. */
    public void keep(WriteEndpoint.Answer answer) {
        String etag = answer.etag();
        if (etag == null) {
            current = null;
            return;
        }
        current = new Made(current().id(), Long.parseLong(etag.replaceAll("[^0-9]", "")));
    }

    private Made current() {
        if (current == null) {
            current = make.get();
        }
        return current;
    }
}
