package city.onetem.platform.relationships;

import city.onetem.platform.access.Caller;
import city.onetem.platform.access.Roles;
import city.onetem.platform.audit.AuditTrail;
import city.onetem.platform.fhir.FhirException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The privacy officer's list of emergency access (break glass) taken in this service: every grant
 * not yet reviewed, oldest first, with who took it, for whom, why and until when; and its review.
 */
@Path("/admin/break-glass")
@RolesAllowed(Roles.AUDITOR)
@Produces(MediaType.APPLICATION_JSON)
public class BreakGlassReviews {

    public record Grant(String id, String nhsNumber, String user, String issuer, String organisation, String roles,
            String reason, Instant grantedAt, Instant expiresAt, Instant reviewedAt, String reviewedBy,
            String reviewNote) {
    }

    public record Review(String note) {
    }

    private static final String COLUMNS = "id, nhs_number, user_id, issuer, organisation, roles, reason, granted_at,"
            + " expires_at, reviewed_at, reviewed_by, review_note";

    @Inject
    EntityManager entities;
    @Inject
    Caller caller;

    /** ?reviewed=false (the default): awaiting review; true: reviewed; all: both. */
    @GET
    public List<Grant> list(@QueryParam("reviewed") String reviewed) {
        String which = switch (reviewed == null ? "false" : reviewed) {
            case "false" -> " where reviewed_at is null";
            case "true" -> " where reviewed_at is not null";
            case "all" -> "";
            default -> throw FhirException.invalid("reviewed", "reviewed is false (awaiting review), true or all");
        };
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entities.createNativeQuery("select " + COLUMNS + " from break_glass" + which
                + " order by granted_at").getResultList();
        List<Grant> grants = rows.stream().map(BreakGlassReviews::grant).toList();
        grants.forEach(grant -> AuditTrail.about(grant.nhsNumber()));
        return grants;
    }

    /** Marks the grant reviewed, with the privacy officer's note; 409 if it was reviewed before. */
    @POST
    @Path("{id}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Grant review(@PathParam("id") String id, Review review) {
        UUID grantId;
        try {
            grantId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw FhirException.notFound("break glass grant", id);
        }
        if (review == null || review.note() == null || review.note().isBlank()) {
            throw FhirException.invalid("note", "Give the review's finding as \"note\": appropriate, or what follows");
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entities.createNativeQuery("select " + COLUMNS + " from break_glass where id = ?1"
                + " for update").setParameter(1, grantId).getResultList();
        if (rows.isEmpty()) {
            throw FhirException.notFound("break glass grant", id);
        }
        Grant grant = grant(rows.get(0));
        AuditTrail.changing("AuditEvent", id, grant.nhsNumber());
        if (grant.reviewedAt() != null) {
            throw FhirException.conflict("This grant was reviewed by " + grant.reviewedBy() + " at "
                    + grant.reviewedAt());
        }
        entities.createNativeQuery("update break_glass set reviewed_at = now(), reviewed_by = ?2, review_note = ?3"
                + " where id = ?1").setParameter(1, grantId).setParameter(2, caller.describe())
                .setParameter(3, review.note().strip()).executeUpdate();
        return grant(entities.createNativeQuery("select " + COLUMNS + " from break_glass where id = ?1")
                .setParameter(1, grantId).getResultList().get(0));
    }

    private static Grant grant(Object row) {
        Object[] columns = (Object[]) row;
        return new Grant(columns[0].toString(), (String) columns[1], (String) columns[2], (String) columns[3],
                (String) columns[4], (String) columns[5], (String) columns[6], instant(columns[7]),
                instant(columns[8]), instant(columns[9]), (String) columns[10], (String) columns[11]);
    }

    private static Instant instant(Object column) {
        if (column == null) {
            return null;
        }
        return column instanceof OffsetDateTime time ? time.toInstant() : column instanceof Instant at ? at
                : ((java.sql.Timestamp) column).toInstant();
    }
}
