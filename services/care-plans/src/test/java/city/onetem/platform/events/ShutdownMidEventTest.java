package city.onetem.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import city.onetem.careplans.ReferralEvents;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A service stopping while an event is half applied: shutdown closes Hibernate while the event's
 * transaction still holds unflushed changes. The transaction must then either write everything or
 * fail (the record is left for redelivery), never commit the event's guard without its changes: that lost a referral in the
 * end-to-end run that stops care-plans mid-stream. Its own profile: the test closes Hibernate.
 */
@QuarkusTest
@TestProfile(ShutdownMidEventTest.OwnApplication.class)
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "careplans"))
class ShutdownMidEventTest {

    public static class OwnApplication implements QuarkusTestProfile {
    }

    @Inject
    IdempotentConsumer consumer;
    @Inject
    ReferralEvents referrals;
    @Inject
    EntityManagerFactory hibernate;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void anEventInterruptedByShutdownIsNotRecordedAsApplied() throws Exception {
        String nhs = TestNhsNumbers.next();
        String referralId = UUID.randomUUID().toString();
        InboundEvent received = new InboundEvent(UUID.randomUUID().toString(), "/onetem/referrals",
                EventTypes.REFERRAL_RECEIVED, Instant.now(), "ServiceRequest/" + referralId, "key", """
                {"resourceType":"ServiceRequest","id":"%s","meta":{"versionId":"1"},"status":"active",
                 "intent":"order","subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}"""
                .formatted(referralId, nhs));
        EventHandler stoppedMidway = new EventHandler() {
            @Override
            public String topic() {
                return referrals.topic();
            }

            @Override
            public Guard guard() {
                return referrals.guard();
            }

            @Override
            public void apply(InboundEvent event) {
                referrals.apply(event);
                hibernate.close();
            }
        };

        boolean committed;
        try {
            consumer.applyOnce(received, stoppedMidway);
            committed = true;
        } catch (RuntimeException stopped) {
            committed = false;
        }

        long guard = count("select count(*) from applied_version where resource_ref like ?", "%" + referralId);
        long plans = count("select count(*) from care_plan where nhs_number = ?", nhs);
        assertEquals(committed ? 1 : 0, guard, "the referral's version is recorded as applied only if committed");
        assertEquals(guard, plans, "recorded as applied, so never applied again: the plan must be there too");
    }

    private long count(String sql, String parameter) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
