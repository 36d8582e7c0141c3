package city.onetem.platform.audit;

import city.onetem.platform.access.Caller;
import city.onetem.platform.fhir.NhsNumber;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/** An audit row as a FHIR R4 AuditEvent. */
final class AuditEvents {

    static final String COLUMNS = "id, recorded, action, interaction, resource_type, resource_id, people, outcome,"
            + " http_status, agent, agent_organisation, agent_issuer, agent_roles, purpose, source_address,"
            + " request_id, method, path, query_parameters";
    static final String ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code";

    private AuditEvents() {
    }

    static AuditEvent from(ResultSet row, String service) throws SQLException {
        AuditEvent event = new AuditEvent();
        event.setId(row.getString("id"));
        event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
        String interaction = row.getString("interaction");
        event.addSubtype(interaction.startsWith("$")
                ? new Coding("https://onetem.city/fhir/CodeSystem/operation", interaction, null)
                : new Coding("http://hl7.org/fhir/restful-interaction", interaction, null));
        event.setAction(AuditEvent.AuditEventAction.fromCode(row.getString("action")));
        event.setRecorded(Date.from(row.getTimestamp("recorded").toInstant()));
        event.setOutcome(AuditEvent.AuditEventOutcome.fromCode(Integer.toString(row.getInt("outcome"))));
        Object status = row.getObject("http_status");
        event.setOutcomeDesc(status == null ? "committed with the change" : "HTTP " + status);
        event.addPurposeOfEvent(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason",
                row.getString("purpose"), null)));

        AuditEvent.AuditEventAgentComponent agent = event.addAgent().setRequestor(true);
        String who = row.getString("agent");
        agent.setWho(who == null ? new Reference().setDisplay("not authenticated")
                : new Reference().setIdentifier(new Identifier().setSystem(Caller.USER_SYSTEM).setValue(who)));
        String organisation = row.getString("agent_organisation");
        if (organisation != null) {
            agent.addExtension("https://onetem.city/fhir/StructureDefinition/agent-organisation",
                    new Reference().setIdentifier(new Identifier().setSystem(ODS_SYSTEM).setValue(organisation)));
        }
        String roles = row.getString("agent_roles");
        if (roles != null && !roles.isEmpty()) {
            for (String role : roles.split(",")) {
                agent.addRole().setText(role);
            }
        }
        String issuer = row.getString("agent_issuer");
        if (issuer != null) {
            agent.setAltId(issuer + ":" + who);
        }
        String address = row.getString("source_address");
        if (address != null) {
            agent.getNetwork().setAddress(address).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
        event.getSource().setSite(service).setObserver(new Reference().setDisplay(service));

        String query = row.getString("query_parameters");
        String what = row.getString("method") + " " + row.getString("path") + (query == null ? "" : "?" + query);
        AuditEvent.AuditEventEntityComponent request = event.addEntity().setName(what)
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"));
        String type = row.getString("resource_type");
        if (type != null) {
            request.setWhat(new Reference(type + (row.getString("resource_id") == null ? ""
                    : "/" + row.getString("resource_id"))));
        }
        String requestId = row.getString("request_id");
        if (requestId != null) {
            request.setDescription("X-Request-ID " + requestId);
        }
        Array people = row.getArray("people");
        for (Object nhsNumber : (Object[]) people.getArray()) {
            event.addEntity().setWhat(new Reference().setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM)
                    .setValue(nhsNumber.toString())))
                    .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
                    .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
        }
        return event;
    }
}
