package city.onetem.referrals;

import city.onetem.platform.events.QueryGauges;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code onetem_ucr_clocks{state}}: open 2-hour urgent community response referrals with no
 * face-to-face contact yet, by where their clock stands: running, at risk (from
 * {@code onetem.ucr.at-risk-after}, 90 minutes) or breached (2 hours passed). A breached clock is a
 * person waiting longer than the national standard allows.
 */
@ApplicationScoped
public class UrgentResponseMetrics {

    @Inject
    QueryGauges gauges;
    @ConfigProperty(name = "onetem.ucr.at-risk-after", defaultValue = "PT90M")
    Duration atRiskAfter;

    void register(@Observes StartupEvent started) {
        gauges.register("onetem.ucr.clocks", "Open 2-hour urgent response clocks with no first contact yet", """
                select case when received_at <= now() - interval '2 hours' then 'breached'
                            when received_at <= now() - interval '%d seconds' then 'at-risk'
                            else 'running' end, count(*)
                from referral
                where priority = '%s' and first_contact_at is null and state in (%s)
                group by 1""".formatted(atRiskAfter.toSeconds(), ReferralPriority.UCR_2_HOUR.code(),
                        ReferralState.open().stream().map(state -> "'" + state.code() + "'")
                                .collect(Collectors.joining(", "))),
                "state", "running", "at-risk", "breached");
    }
}
