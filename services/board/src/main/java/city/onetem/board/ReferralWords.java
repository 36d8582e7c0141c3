package city.onetem.board;

import static city.onetem.board.FhirNames.extension;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A referral (a ServiceRequest from the SPA) in the words the board's pages use. */
final class ReferralWords {

    private ReferralWords() {
    }

    /** The service asked for, as the SPA categorised it (category), else what the referrer coded. */
    static String service(JsonNode referral) {
        for (JsonNode concept : List.of(referral.path("category").path(0), referral.path("code"))) {
            if (concept.hasNonNull("text")) {
                return concept.path("text").asText();
            }
            if (concept.path("coding").path(0).hasNonNull("display")) {
                return concept.path("coding").path(0).path("display").asText();
            }
        }
        return "Not categorised yet";
    }

    /** Where the referral is in the SPA, in its words (the referral-state extension), else its FHIR status. */
    static String state(JsonNode referral) {
        String code = extension(referral, FhirNames.REFERRAL_STATE).path("valueCode").asText(referral.path("status")
                .asText());
        return switch (code) {
            case "received" -> "Received: awaiting triage";
            case "triaged" -> "Triaged: awaiting the team";
            case "accepted" -> "Accepted by the team";
            default -> code;
        };
    }

    /** The priority in words: the SPA publishes a 2-hour urgent response as FHIR's asap. */
    static String priority(JsonNode referral) {
        return switch (referral.path("priority").asText("routine")) {
            case "asap", "stat" -> "Urgent (2-hour response)";
            case "urgent" -> "Same day";
            default -> "Routine";
        };
    }
}
