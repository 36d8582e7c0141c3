package city.onetem.platform.events;

/**
 * NEWS2 clinical risk (Royal College of Physicians, 2017) and the response each calls for:
 * aggregate 0-4 low; a 3 in any single parameter low-medium; 5-6 medium; 7 or more high.
 */
public enum News2Risk {
    LOW("low", "ward-based response"),
    LOW_MEDIUM("low-medium", "urgent ward-based review"),
    MEDIUM("medium", "urgent response"),
    HIGH("high", "emergency response");

    private final String code;
    private final String response;

    News2Risk(String code, String response) {
        this.code = code;
        this.response = response;
    }

    public String code() {
        return code;
    }

    public String response() {
        return response;
    }

    public static News2Risk of(int aggregate, boolean anySingleParameterScoredThree) {
        if (aggregate >= 7) {
            return HIGH;
        }
        if (aggregate >= 5) {
            return MEDIUM;
        }
        return anySingleParameterScoredThree ? LOW_MEDIUM : LOW;
    }

    public static java.util.Optional<News2Risk> byCode(String code) {
        return java.util.Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }
}
