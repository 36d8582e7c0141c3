package city.onetem.platform.events;

import io.quarkus.logging.LoggingFilter;
import java.util.function.BooleanSupplier;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * A record left for redelivery at shutdown ({@link LeftForRedelivery}) reaches SmallRye as a
 * failure, which it logs four times: SRMSG00200 and SRMSG00201 as ERROR with the stack trace,
 * SRMSG18228 as WARN with it again, and SRMSG18203 "nacked, fail-stop" as ERROR. An on-call
 * engineer reading those would look for a fault that is not there. This filter (on the console
 * handler: quarkus.log.console.filter) keeps one INFO line saying which record waits for the
 * restart, and drops the rest. Any other failure is logged as SmallRye logs it.
 */
@LoggingFilter(name = "redelivery")
public final class RedeliveryLogFilter implements Filter {

    private final BooleanSupplier stopping;

    public RedeliveryLogFilter() {
        this(LeftForRedelivery::stopping);
    }

    RedeliveryLogFilter(BooleanSupplier stopping) {
        this.stopping = stopping;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage() == null ? "" : record.getMessage();
        LeftForRedelivery left = LeftForRedelivery.in(record.getThrown());
        if (left == null) {
            return !(stopping.getAsBoolean() && message.startsWith("SRMSG18203"));
        }
        if (!message.startsWith("SRMSG00200")) {
            return false;
        }
        record.setLevel(Level.INFO);
        record.setThrown(null);
        record.setParameters(null);
        String said = left.getMessage() + " after the restart (the service is stopping)";
        if (record instanceof ExtLogRecord ext) {
            ext.setMessage(said, ExtLogRecord.FormatStyle.NO_FORMAT);
        } else {
            record.setMessage(said);
        }
        return true;
    }
}
