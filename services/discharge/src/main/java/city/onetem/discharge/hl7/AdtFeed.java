package city.onetem.discharge.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import city.onetem.discharge.HospitalStays;
import city.onetem.platform.fhir.DatabaseUnavailable;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Takes ADT messages from a hospital's feed, over MLLP or HTTP, and answers each with its ACK.
 * An accepted message changes the stay and records the ACK in one transaction: the same message
 * again (sender and MSH-10) gets the same ACK and changes nothing. A message that is refused
 * changes nothing. Messages for one stay are applied one at a time (a lock on the stay's key).
 */
@ApplicationScoped
public class AdtFeed {

    /** The ADT events discharge to assess applies. Other ADT events are acknowledged and passed over. */
    static final Set<String> APPLIED = Set.of("A01", "A02", "A03", "A08", "A11", "A13", "A16");

    private static final Logger LOG = Logger.getLogger(AdtFeed.class);

    @Inject
    HospitalStays stays;
    @Inject
    StayChanges changes;
    @Inject
    AgroalDataSource dataSource;
    /** onetem_hl7_acks_total{code}: ACKs sent over MLLP and HTTP, by MSA-1 (AA, AE, AR). */
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "onetem.hl7.zone", defaultValue = "Europe/London")
    ZoneId hospitalZone;
    @ConfigProperty(name = "onetem.hl7.application", defaultValue = "ONETEM-D2A")
    String application;
    @ConfigProperty(name = "onetem.hl7.facility", defaultValue = "ONETEM")
    String facility;

    private PipeParser parser;
    private Acks acks;

    @PostConstruct
    void start() {
        HapiContext context = new DefaultHapiContext();
        // One structure set (2.5.1) for every version sent: fields are where 2.3 to 2.5.1 put them.
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.getParserConfiguration().setAllowUnknownVersions(true);
        parser = context.getPipeParser();
        acks = new Acks(application, facility, hospitalZone);
    }

    /**
     * The ACK for one message (ER7, segments ended by CR, CRLF or LF) from a sender that may send
     * for the hospitals {@code sendsFor} accepts (by MSH-4): anything else is rejected unread.
     */
    public String receive(String message, Predicate<String> sendsFor) {
        String ack = answer(message, sendsFor);
        registry.counter("onetem.hl7.acks", "code", Acks.code(ack)).increment();
        return ack;
    }

    private String answer(String message, Predicate<String> sendsFor) {
        String er7 = MessageHeader.withCarriageReturns(message == null ? "" : message);
        MessageHeader header = MessageHeader.of(er7);
        try {
            return apply(header, er7, sendsFor);
        } catch (Hl7Reject refused) {
            return acks.refused(header, refused);
        } catch (RuntimeException failure) {
            if (DatabaseUnavailable.causes(failure)) {
                LOG.warnf("ADT message %s from %s not taken: the database is unavailable", header.controlId(),
                        header.sender());
            } else {
                LOG.errorf(failure, "ADT message %s from %s could not be applied", header.controlId(), header.sender());
            }
            return acks.refused(header, Hl7Reject.reject(Hl7Reject.APPLICATION_INTERNAL_ERROR, null,
                    "The discharge service could not store this message just now: send it again"));
        }
    }

    private String apply(MessageHeader header, String er7, Predicate<String> sendsFor) {
        if (!header.present()) {
            throw Hl7Reject.reject(Hl7Reject.SEGMENT_SEQUENCE_ERROR, "MSH",
                    "Not an HL7 v2 message: it must start with an MSH segment (ER7, e.g. MSH|^~\\&|...)");
        }
        if (header.controlId().isBlank()) {
            throw Hl7Reject.reject(Hl7Reject.REQUIRED_FIELD_MISSING, "MSH-10",
                    "No message control id (MSH-10): every message needs one, unique for its sender");
        }
        if (!"ADT".equals(header.messageType())) {
            throw Hl7Reject.reject(Hl7Reject.UNSUPPORTED_MESSAGE_TYPE, "MSH-9",
                    "Message type '" + header.messageType() + "' is not taken here: this receiver takes ADT "
                            + "(A01, A02, A03, A08, A11, A13, A16)");
        }
        if (!APPLIED.contains(header.triggerEvent())) {
            return acks.accepted(header, "ADT^" + header.triggerEvent() + " is not used by discharge to assess: "
                    + "nothing changed");
        }
        AdtMessage adt = AdtMessage.read(header, er7, parser, hospitalZone);
        if (adt.hospital().isBlank()) {
            throw Hl7Reject.error(Hl7Reject.REQUIRED_FIELD_MISSING, "MSH-4",
                    "No sending facility (MSH-4): a stay is known by its hospital and visit number");
        }
        if (!sendsFor.test(adt.hospital())) {
            throw Hl7Reject.reject(Hl7Reject.UNKNOWN_KEY_IDENTIFIER, "MSH-4", "This sender may not send ADT for "
                    + adt.hospital() + " (MSH-4): a hospital's stays come from that hospital's own feed; nothing"
                    + " changed");
        }
        String stayKey = adt.stayKey();
        if (stayKey == null) {
            throw Hl7Reject.error(Hl7Reject.REQUIRED_FIELD_MISSING, "PV1-19",
                    "No visit number (PV1-19) and no admission date/time (PV1-44): the stay cannot be identified");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            stays.lock(stayKey);
            Optional<String> earlier = earlierAck(header);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            String ack = acks.accepted(header, changes.apply(adt, stayKey));
            remember(header, ack);
            return ack;
        });
    }

    private Optional<String> earlierAck(MessageHeader header) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select ack from hl7_message where sender = ? and control_id = ?")) {
            query.setString(1, header.sender());
            query.setString(2, header.controlId());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the messages received", e);
        }
    }

    private void remember(MessageHeader header, String ack) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into hl7_message (sender, control_id, received_at, ack) values (?, ?, ?, ?)")) {
            insert.setString(1, header.sender());
            insert.setString(2, header.controlId());
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.setString(4, ack);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the message", e);
        }
    }

}
