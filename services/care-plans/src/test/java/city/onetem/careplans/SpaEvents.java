package city.onetem.careplans;

import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.EventTypes;
import city.onetem.platform.events.PersonKeys;
import city.onetem.platform.events.ReferralContract;
import city.onetem.platform.events.Topics;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.testing.TestEvents;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Publishes referral events to the real broker exactly as the SPA's outbox relay does. */
final class SpaEvents {

    static final String SOURCE = "/onetem/referrals";

    private final String bootstrapServers;
    private final PersonKeys personKeys;

    SpaEvents(String bootstrapServers, PersonKeys personKeys) {
        this.bootstrapServers = bootstrapServers;
        this.personKeys = personKeys;
    }

    /** referral.received.v1, version 1, under a new event id; returns the referral id. */
    String received(String nhs, String category) {
        String referralId = UUID.randomUUID().toString();
        publish(UUID.randomUUID().toString(), EventTypes.REFERRAL_RECEIVED, nhs, referralId, 1, category, "received", null);
        return referralId;
    }

    void publish(String eventId, String type, String nhs, String referralId, int version, String category,
            String state, String team) {
        publish(personKeys.keyFor(new NhsNumber(nhs)), eventId, type, nhs, referralId, version, category, state, team);
    }

    /**
     * As the SPA would, but under this record key: another person's key puts it on their partition.
     * The team is the cluster it is routed to: the central cluster (a central GP practice's
     * patient) unless named.
     */
    void publish(String key, String eventId, String type, String nhs, String referralId, int version, String category,
            String state, String routedTo) {
        String team = routedTo == null ? "Central cluster" : routedTo;
        String serviceRequest = """
                {"resourceType":"ServiceRequest","id":"%s","meta":{"versionId":"%d"},
                 "extension":[{"url":"%s","valueCode":"%s"}],"status":"active",
                 "intent":"order","category":[{"text":"%s"}],
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "performer":[{"identifier":{"system":"%s","value":"%s"},"display":"%s"}]}"""
                .formatted(referralId, version, ReferralContract.STATE_EXTENSION, state, category, nhs,
                        ReferralContract.CLUSTER_SYSTEM, team.split(" ")[0].toLowerCase(), team);
        send(key, eventId, type, referralId, serviceRequest);
    }

    /** This ServiceRequest (as JSON) as the SPA would publish it, under the person's key. */
    void publish(String eventId, String type, String nhs, String referralId, String serviceRequest) {
        send(personKeys.keyFor(new NhsNumber(nhs)), eventId, type, referralId, serviceRequest);
    }

    private void send(String key, String eventId, String type, String referralId, String serviceRequest) {
        TestEvents.publish(bootstrapServers, Topics.REFERRALS, key, Map.of(
                CloudEventHeaders.SPEC_VERSION, "1.0",
                CloudEventHeaders.ID, eventId,
                CloudEventHeaders.SOURCE, SOURCE,
                CloudEventHeaders.TYPE, type,
                CloudEventHeaders.TIME, Instant.now().toString(),
                CloudEventHeaders.SUBJECT, "ServiceRequest/" + referralId,
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.FHIR_JSON), serviceRequest);
    }
}
