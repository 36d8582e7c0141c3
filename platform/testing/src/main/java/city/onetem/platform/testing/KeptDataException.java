package city.onetem.platform.testing;

/**
 * A server could not start on the data an earlier run kept for it (made by another version,
 * damaged, in use). Starting again with no data would work, but only the person who owns that
 * data can decide to lose it.
 */
public final class KeptDataException extends RuntimeException {

    public KeptDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
