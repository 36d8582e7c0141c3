package city.onetem.platform.store;

/**
 * What a create did: the record it wrote (created), or the one already there that a
 * conditional create (If-None-Exist) matched, which is the answer instead.
 */
public record Written<R extends VersionedResource>(R record, boolean created) {

    public static <R extends VersionedResource> Written<R> created(R record) {
        return new Written<>(record, true);
    }

    public static <R extends VersionedResource> Written<R> found(R record) {
        return new Written<>(record, false);
    }
}
