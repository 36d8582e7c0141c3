package city.onetem.platform.events;

import java.util.List;

/** One topic per service stream; every topic is keyed by {@link PersonKeys the person key}. */
public final class Topics {

    public static final String REFERRALS = "referrals.v1";
    /**
     * Care-plans' log of record: every version of every plan, part and task it wrote, kept for as
     * long as its database keeps them ({@link #KEPT_FOR_EVER}), so that database can be rebuilt
     * from it. Its consumers keep no event ids that could run out: the live stream reads the
     * latest, and a rebuild passes over the versions it holds.
     */
    public static final String CARE_PLANS = "careplans.v1";
    /** retention.ms of a topic Kafka never deletes from. */
    public static final long KEPT_FOR_EVER = -1;
    public static final String DISCHARGES = "discharges.v1";
    public static final String VIRTUAL_WARD = "virtualward.v1";
    /**
     * Who may see whom ({@code PlanRelationships}): a person's plan, its holding team and their
     * objections to sharing, published when they change. Compacted: the last event of each
     * person is their whole state, so a new service learns everyone's from the topic alone.
     */
    public static final String RELATIONSHIPS = "relationships.v1";
    /** Access that must be reviewed (break glass), from every service, for the privacy officer's tools. */
    public static final String ACCESS = "access.v1";

    public static final List<String> ALL = List.of(REFERRALS, CARE_PLANS, DISCHARGES, VIRTUAL_WARD,
            RELATIONSHIPS, ACCESS);

    private Topics() {
    }

    /** Where a consumer parks a message it can never process, with the error in headers. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
