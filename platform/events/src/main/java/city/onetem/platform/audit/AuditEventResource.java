package city.onetem.platform.audit;

import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.FhirException;
import city.onetem.platform.fhir.FhirMediaType;
import city.onetem.platform.fhir.InstantParam;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.fhir.PatientSearch;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The audit trail, as FHIR AuditEvents, for a privacy officer: by person (NHS number) for a
 * subject access request, or by user for an investigation, newest first. Each service keeps the
 * trail of the requests it answered; docs/security.md says how a subject access request
 * gathers the four.
 */
@Path("/fhir/AuditEvent")
@RolesAllowed(Roles.AUDITOR)
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
public class AuditEventResource {

    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 1000;
    static final List<String> AGENT_PARAMETERS = List.of("agent.identifier", "agent:identifier", "altid");

    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "quarkus.application.name")
    String service;

    @GET
    public Bundle search(@Context UriInfo uri) throws SQLException {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        NhsNumber person = PatientSearch.nhsNumber(query);
        String agent = AGENT_PARAMETERS.stream().map(query::getFirst).filter(v -> v != null).findFirst()
                .map(v -> v.substring(v.indexOf('|') + 1)).orElse(null);
        if (person == null && agent == null) {
            throw FhirException.invalid("patient.identifier", "Name the person (patient.identifier=<NHS number>) or"
                    + " the user (agent.identifier=<user id>) whose audit trail you want");
        }
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (person != null) {
            conditions.add("people @> array[?]::text[]");
            values.add(person.value());
        }
        if (agent != null) {
            conditions.add("agent = ?");
            values.add(agent);
        }
        for (String date : query.getOrDefault("date", List.of())) {
            InstantParam instant = InstantParam.parse("date", date);
            conditions.add("recorded " + instant.operator() + " ?");
            values.add(Timestamp.from(instant.instant()));
        }
        int count = count(query.getFirst("_count"));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select " + AuditEvents.COLUMNS
                        + " from audit_event where " + String.join(" and ", conditions)
                        + " order by recorded desc limit ?")) {
            for (int i = 0; i < values.size(); i++) {
                select.setObject(i + 1, values.get(i));
            }
            select.setInt(values.size() + 1, count);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    AuditEvent event = AuditEvents.from(rows, service);
                    bundle.addEntry().setFullUrl(uri.getBaseUri() + "fhir/AuditEvent/" + event.getIdPart())
                            .setResource(event).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
                }
            }
        }
        // The total is known only when the page holds every match; otherwise it is left out, as FHIR allows.
        return bundle.getEntry().size() < count ? bundle.setTotal(bundle.getEntry().size()) : bundle;
    }

    private static int count(String value) {
        if (value == null) {
            return DEFAULT_COUNT;
        }
        try {
            int count = Integer.parseInt(value);
            if (count >= 1 && count <= MAX_COUNT) {
                return count;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw FhirException.invalid("_count", "_count must be a whole number from 1 to " + MAX_COUNT);
    }
}
