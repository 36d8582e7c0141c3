package city.onetem.platform.relationships;

import city.onetem.platform.events.IdempotentConsumer;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes relationships.v1 into {@link PlanHolders}, in the services that build with
 * {@code onetem.plan-holders=consume} and configure the {@code relationships} channel (every
 * service but care-plans, which publishes it), with {@code batch=true}: each poll's events are
 * applied in one transaction.
 */
@ApplicationScoped
@IfBuildProperty(name = "onetem.plan-holders", stringValue = "consume")
public class PlanHolderConsumer {

    @Inject
    IdempotentConsumer consumer;
    @Inject
    PlanHolders planHolders;

    @Incoming("relationships")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        consumer.consumeAll(records, planHolders);
    }
}
