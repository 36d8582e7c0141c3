package city.onetem.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** What the on-call engineer reads when a service stops with records in hand, as SmallRye logs it. */
class RedeliveryLogFilterTest {

    private final RedeliveryLogFilter filter = new RedeliveryLogFilter(() -> false);

    @Test
    void aRecordLeftForRedeliveryIsOneInfoLineWithoutAStackTrace() {
        RuntimeException failure = new RuntimeException(new LeftForRedelivery("Record referrals.v1-0@6 left for"
                + " redelivery", new IllegalStateException("Transaction rolled back")));
        ExtLogRecord thrown = record(Level.SEVERE, "SRMSG00200: The method %s has thrown an exception", failure);
        assertTrue(filter.isLoggable(thrown));
        assertEquals(Level.INFO, thrown.getLevel());
        assertNull(thrown.getThrown(), "no stack trace");
        assertEquals("Record referrals.v1-0@6 left for redelivery after the restart (the service is stopping)",
                thrown.getFormattedMessage());
        // SmallRye's three other reports of the same record say nothing more.
        assertFalse(filter.isLoggable(record(Level.SEVERE, "SRMSG00201: Error caught while processing a message in"
                + " method %s", failure)));
        assertFalse(filter.isLoggable(record(Level.WARNING, "SRMSG18228: A failure has been reported for Kafka"
                + " topics '%s'", failure)));
    }

    @Test
    void anyOtherFailureIsLoggedAsSmallRyeLogsIt() {
        ExtLogRecord fault = record(Level.SEVERE, "SRMSG00200: The method %s has thrown an exception",
                new IllegalStateException("a bug"));
        assertTrue(filter.isLoggable(fault));
        assertEquals(Level.SEVERE, fault.getLevel());
        assertTrue(fault.getThrown() != null);
    }

    @Test
    void failStopIsAnErrorUnlessTheServiceIsStopping() {
        String failStop = "SRMSG18203: A message sent to channel `%s` has been nacked, fail-stop";
        assertTrue(new RedeliveryLogFilter(() -> false).isLoggable(record(Level.SEVERE, failStop, null)));
        assertFalse(new RedeliveryLogFilter(() -> true).isLoggable(record(Level.SEVERE, failStop, null)));
    }

    private static ExtLogRecord record(Level level, String message, Throwable thrown) {
        ExtLogRecord record = new ExtLogRecord(level, message, ExtLogRecord.FormatStyle.PRINTF,
                RedeliveryLogFilterTest.class.getName());
        record.setParameters(new Object[] {"city.onetem.careplans.ReferralEvents#on"});
        record.setThrown(thrown);
        return record;
    }
}
