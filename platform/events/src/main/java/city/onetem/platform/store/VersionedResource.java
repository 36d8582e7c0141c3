package city.onetem.platform.store;

import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.fhir.Fhir;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * The current version of a FHIR resource a service owns: the resource JSON as it was last
 * written, and the columns searches and business rules need. Every write also keeps that
 * version in a {@link ResourceVersion} row, so _history is complete and says who wrote what.
 */
@MappedSuperclass
public abstract class VersionedResource extends PanacheEntityBase {

    @Id
    public String id;
    /** 0 until first written; FHIR meta.versionId after that. */
    public long version;
    @Column(name = "nhs_number")
    public String nhsNumber;
    public String status;
    @Column(name = "last_updated")
    public Instant lastUpdated;
    @Column(name = "resource")
    public String resource;

    /** meta extension naming who wrote a version, so every version in _history says who changed it. */
    public static final String CHANGED_BY = "https://onetem.city/fhir/StructureDefinition/changed-by";

    /**
     * Writes the next version: stamps id, meta.versionId and meta.lastUpdated on the resource,
     * stores it here and as a history row. Call inside the transaction that makes the change.
     */
    public void write(Resource fhir, ResourceVersion history, String changedBy) {
        AuditTrail.changing(fhir.fhirType(), id, nhsNumber);
        version = version + 1;
        stamp(fhir, changedBy);
        persist();
        history.id = id;
        history.version = version;
        history.lastUpdated = lastUpdated;
        history.changedBy = changedBy;
        history.resource = resource;
        history.persist();
    }

    /**
     * Whether this version of the resource, or a newer one, is held here already: a rebuild from
     * the log passes over those, so it can run again over what an interrupted one restored.
     */
    public boolean holds(Resource fhir) {
        return Long.parseLong(fhir.getMeta().getVersionId()) <= version;
    }

    /**
     * Takes back a version this service wrote, from its event (a rebuild from the log): the same
     * id, version, time, author and JSON, so the resource and its _history read as before. Call
     * it for a version not {@link #holds held}, once the columns searches need are set.
     *
     * @param json the version exactly as its event carried it (the stored text)
     * @return the version's history row, filled, for the caller to persist: after a batch's
     *     resources, so that each table's inserts go to the database together
     */
    public <V extends ResourceVersion> V restore(Resource fhir, String json, V history) {
        id = fhir.getIdElement().getIdPart();
        version = Long.parseLong(fhir.getMeta().getVersionId());
        lastUpdated = fhir.getMeta().getLastUpdated().toInstant();
        resource = json;
        persist();
        history.id = id;
        history.version = version;
        history.lastUpdated = lastUpdated;
        history.changedBy = changedBy(fhir);
        history.resource = json;
        return history;
    }

    /** Who wrote this version of a resource, as {@link #write} named them in its meta. */
    public static String changedBy(Resource fhir) {
        var extension = fhir.getMeta().getExtensionByUrl(CHANGED_BY);
        return extension == null ? null : extension.getValue().primitiveValue();
    }

    /**
     * Replaces the version this transaction wrote with {@code write} by the resource as changed
     * since, so that several changes made in one transaction are one version, not several.
     */
    public void rewrite(Resource fhir, ResourceVersion history) {
        stamp(fhir, history.changedBy);
        history.lastUpdated = lastUpdated;
        history.resource = resource;
    }

    private void stamp(Resource fhir, String changedBy) {
        lastUpdated = Instant.now();
        fhir.setId(id);
        fhir.getMeta().setVersionId(Long.toString(version)).setLastUpdated(Date.from(lastUpdated));
        fhir.getMeta().getExtension().removeIf(extension -> CHANGED_BY.equals(extension.getUrl()));
        fhir.getMeta().addExtension(CHANGED_BY, new StringType(changedBy));
        resource = Fhir.toJson(fhir);
    }
}
