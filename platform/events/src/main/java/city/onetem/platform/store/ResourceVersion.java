package city.onetem.platform.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.MappedSuperclass;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One version of a resource, kept for ever: what it said, when, and who wrote it. */
@MappedSuperclass
@IdClass(ResourceVersion.Key.class)
public abstract class ResourceVersion extends PanacheEntityBase {

    @Id
    public String id;
    @Id
    public long version;
    @Column(name = "last_updated")
    public Instant lastUpdated;
    /** Who made this version: "subject (ODS code)" from their token, or the event that caused it. */
    @Column(name = "changed_by")
    public String changedBy;
    @Column(name = "resource")
    public String resource;

    public static class Key implements Serializable {
        public String id;
        public long version;

        public Key() {
        }

        public Key(String id, long version) {
            this.id = id;
            this.version = version;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.version == version && Objects.equals(key.id, id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, version);
        }
    }
}
