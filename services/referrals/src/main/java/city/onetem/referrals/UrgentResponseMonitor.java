package city.onetem.referrals;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Watches the 2-hour clocks: an open urgent community response referral with no face-to-face
 * contact {@code onetem.ucr.at-risk-after} (90 minutes) after receipt is flagged once, with a
 * referral.ucr-breach-risk.v1 event, so the team can act before the 2 hours run out. Any instance
 * may scan: the flag is set under a row lock, so it is raised once however many do.
 */
@ApplicationScoped
public class UrgentResponseMonitor {

    private static final Logger LOG = Logger.getLogger(UrgentResponseMonitor.class);

    @Inject
    ReferralWorkflow workflow;
    @ConfigProperty(name = "onetem.ucr.at-risk-after", defaultValue = "PT90M")
    Duration atRiskAfter;
    @ConfigProperty(name = "onetem.ucr.scan-every", defaultValue = "PT30S")
    Duration scanEvery;

    private ScheduledExecutorService scanner;

    void start(@Observes StartupEvent event) {
        scanner = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ucr-clock-monitor"));
        scanner.scheduleWithFixedDelay(this::scan, scanEvery.toMillis(), scanEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        scanner.shutdownNow();
    }

    public Instant atRiskSince() {
        return Instant.now().minus(atRiskAfter);
    }

    void scan() {
        try {
            for (String id : dueForFlag()) {
                workflow.flagBreachRisk(id);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Urgent response clock scan failed, next in %s: %s", scanEvery, e);
        }
    }

    @Transactional
    List<String> dueForFlag() {
        return Referral.<Referral>find("""
                        priority = ?1 and firstContactAt is null and breachRiskAt is null and state in ?2
                        and receivedAt <= ?3""", ReferralPriority.UCR_2_HOUR, ReferralState.open(), atRiskSince())
                .list().stream().map(r -> r.id).toList();
    }
}
