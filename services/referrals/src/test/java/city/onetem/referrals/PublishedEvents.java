package city.onetem.referrals;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.access.Roles;
import city.onetem.platform.events.CloudEventHeaders;
import city.onetem.platform.events.Topics;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.TestEvents;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the referrals service published on referrals.v1, read far enough to see every copy of an
 * event: a test that says "published once" must not stop reading at the first copy.
 */
final class PublishedEvents {

    static final String GP = DevKeys.forThisJvm().token("dr.patel", "J82001", Roles.REFERRER);

    private PublishedEvents() {
    }

    /**
     * Makes a new referral for each of these people and returns every record on referrals.v1 up
     * to the events of those new referrals. A person's events share one partition, in the order
     * they were written, and the relay publishes unpublished rows oldest first: so every event
     * about the person written before, and any second copy of one, comes before the new event.
     */
    static List<ConsumerRecord<String, String>> upToALaterReferralFor(String bootstrapServers, String... nhsNumbers) {
        List<String> later = Arrays.stream(nhsNumbers)
                .map(nhs -> given().auth().oauth2(GP).contentType("application/fhir+json")
                        .body(ReferralBuilder.gpReferral(nhs).category("other").json()).post("/fhir/ServiceRequest")
                        .then().statusCode(201).extract().<String>path("id"))
                .toList();
        List<ConsumerRecord<String, String>> records = TestEvents.read(bootstrapServers, Topics.REFERRALS,
                Duration.ofSeconds(15), seen -> later.stream().allMatch(id -> seen.stream().anyMatch(r -> isAbout(r, id))));
        assertTrue(later.stream().allMatch(id -> records.stream().anyMatch(r -> isAbout(r, id))),
                "the later referrals' events reached the broker");
        return records;
    }

    /** The types of the events about this referral, in the order they were published. */
    static List<String> typesAbout(List<ConsumerRecord<String, String>> records, String referralId) {
        return records.stream().filter(r -> isAbout(r, referralId))
                .map(r -> TestEvents.header(r, CloudEventHeaders.TYPE)).toList();
    }

    static boolean isAbout(ConsumerRecord<String, String> record, String referralId) {
        return ("ServiceRequest/" + referralId).equals(TestEvents.header(record, CloudEventHeaders.SUBJECT));
    }
}
