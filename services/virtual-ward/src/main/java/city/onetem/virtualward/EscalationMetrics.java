package city.onetem.virtualward;

import city.onetem.platform.events.News2Risk;
import city.onetem.platform.events.QueryGauges;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Arrays;

/**
 * {@code onetem_news2_escalations_unacknowledged{level}}: escalations no clinician has
 * acknowledged yet, and {@code onetem_news2_escalations_overdue{level}}: those past the time
 * their level must be responded to (high 15 minutes, medium 30, low-medium 1 hour). Raised
 * escalations are counted as {@code onetem_news2_escalations_total{level}} ({@link Escalations}).
 */
@ApplicationScoped
public class EscalationMetrics {

    @Inject
    QueryGauges gauges;

    void register(@Observes StartupEvent started) {
        String[] levels = Arrays.stream(News2Risk.values()).filter(risk -> risk != News2Risk.LOW).map(News2Risk::code)
                .toArray(String[]::new);
        gauges.register("onetem.news2.escalations.unacknowledged", "NEWS2 escalations no clinician has acknowledged",
                "select level, count(*) from escalation where status = '" + Escalation.OPEN + "' group by level",
                "level", levels);
        gauges.register("onetem.news2.escalations.overdue",
                "NEWS2 escalations not acknowledged within the time their level allows", "select level, count(*) from"
                        + " escalation where status = '" + Escalation.OPEN + "' and due_at < now() group by level",
                "level", levels);
    }
}
