package city.onetem.platform.events;

import java.util.List;

/** One topic per service stream; every topic is keyed by {@link PersonKeys the person key}. */
public final class Topics {

    public static final String REFERRALS = "referrals.v1";
    public static final String CARE_PLANS = "careplans.v1";
    public static final String DISCHARGES = "discharges.v1";
    public static final String VIRTUAL_WARD = "virtualward.v1";
    /** Access that must be reviewed (break glass), from every service, for the privacy officer's tools. */
    public static final String ACCESS = "access.v1";

    public static final List<String> ALL = List.of(REFERRALS, CARE_PLANS, DISCHARGES, VIRTUAL_WARD, ACCESS);

    private Topics() {
    }

    /** Where a consumer parks a message it can never process, with the error in headers. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
