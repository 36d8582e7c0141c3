package city.onetem.virtualward;

import city.onetem.platform.events.EventHandler;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.IdempotentConsumer;
import city.onetem.platform.events.InboundEvent;
import city.onetem.platform.events.Topics;
import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hl7.fhir.r4.model.Encounter;

/**
 * Learns from discharges.v1 when people leave hospital, so that a step-down admission (early
 * supported discharge) is linked to the hospital stay it follows. A cancelled discharge or a
 * withdrawn admission unlinks nothing already linked, but is not linked to again.
 */
@ApplicationScoped
public class HospitalDischarges implements EventHandler {

    private static final Set<String> CHANGES = Set.of(EventTypes.DISCHARGE_DISCHARGED,
            EventTypes.DISCHARGE_DISCHARGE_CANCELLED, EventTypes.DISCHARGE_ADMISSION_CANCELLED);

    /** A hospital stay a step-down admission follows: the discharge service's Encounter. */
    public record Discharge(String encounterId, String hospital, Instant dischargedAt) {
    }

    @Inject
    IdempotentConsumer consumer;
    @Inject
    AgroalDataSource dataSource;

    @Incoming("discharges")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        consumer.consume(record, this);
    }

    @Override
    public String topic() {
        return Topics.DISCHARGES;
    }

    @Override
    public boolean applies(String type) {
        return CHANGES.contains(type);
    }

    @Override
    public Guard guard() {
        return Guard.RESOURCE_VERSION;
    }

    @Override
    public void apply(InboundEvent event) {
        Encounter stay = event.resource(Encounter.class);
        if (!applies(event.type()) || !consumer.isNewer(event, stay)) {
            return;
        }
        String nhs = event.person(stay.getSubject().getIdentifier()).value();
        boolean discharged = EventTypes.DISCHARGE_DISCHARGED.equals(event.type()) && stay.getPeriod().hasEnd();
        try (Connection connection = dataSource.getConnection(); PreparedStatement upsert = connection.prepareStatement("""
                insert into hospital_discharge (encounter_id, nhs_number, hospital, discharged_at) values (?, ?, ?, ?)
                on conflict (encounter_id) do update set discharged_at = excluded.discharged_at,
                                                         hospital = excluded.hospital""")) {
            upsert.setString(1, stay.getIdElement().getIdPart());
            upsert.setString(2, nhs);
            upsert.setString(3, stay.getServiceProvider().hasDisplay() ? stay.getServiceProvider().getDisplay() : "hospital");
            upsert.setTimestamp(4, discharged ? Timestamp.from(stay.getPeriod().getEnd().toInstant()) : null);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the hospital discharge", e);
        }
    }

    /** The person's latest discharge from hospital since {@code since}, if the discharge service announced one. */
    public Optional<Discharge> latest(String nhsNumber, Instant since) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "select encounter_id, hospital, discharged_at from hospital_discharge where nhs_number = ? and "
                        + "discharged_at >= ? order by discharged_at desc limit 1")) {
            query.setString(1, nhsNumber);
            query.setTimestamp(2, Timestamp.from(since));
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(new Discharge(row.getString(1), row.getString(2),
                        row.getTimestamp(3).toInstant())) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the hospital discharges", e);
        }
    }
}
