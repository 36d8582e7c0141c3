package city.onetem.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The demo scenario: a GP refers a person, and their One Team care plan shows the referral. */
public final class Demo {

    public static final String NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private Demo() {
    }

    /** A GP practice (J82001, in the central cluster) refers a person for community nursing. */
    public static String referral(String nhsNumber) {
        return """
                {"resourceType":"ServiceRequest",
                 "extension":[{"url":"https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-SourceOfServiceRequest",
                   "valueCodeableConcept":{"coding":[{"system":"https://onetem.city/fhir/CodeSystem/referral-source","code":"gp"}]}}],
                 "status":"active","intent":"order",
                 "category":[{"coding":[{"system":"https://onetem.city/fhir/CodeSystem/service-category",
                   "code":"community-nursing","display":"Community nursing"}]}],
                 "subject":{"identifier":{"system":"%s","value":"%s"}},
                 "requester":{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"J82001"}},
                 "note":[{"text":"Demo referral: leg ulcer dressing, lives alone"}]}"""
                .formatted(NHS_NUMBER_SYSTEM, nhsNumber);
    }

    /** Posts a referral to the SPA and returns the response (201 with the ServiceRequest on success). */
    public static HttpResponse<String> postReferral(String referralsUrl, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(referralsUrl + "/fhir/ServiceRequest"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Calls a SPA operation ($triage, $accept, ...) on a referral with a Parameters body. */
    public static HttpResponse<String> operate(String referralsUrl, String token, String referralId, String operation,
            String parametersJson) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(referralsUrl + "/fhir/ServiceRequest/" + referralId
                        + "/" + operation))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(parametersJson)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(operation + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    /** Triage as routine, then accept for the cluster the referral was routed to. */
    public static void triageAndAccept(String referralsUrl, String spaToken, String referralId)
            throws IOException, InterruptedException {
        operate(referralsUrl, spaToken, referralId, "$triage",
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"priority\",\"valueCode\":\"routine\"}]}");
        operate(referralsUrl, spaToken, referralId, "$accept", "{\"resourceType\":\"Parameters\"}");
    }

    public static String idOf(String resourceJson) {
        Matcher matcher = ID.matcher(resourceJson);
        if (!matcher.find()) {
            throw new IllegalStateException("No id in " + resourceJson);
        }
        return matcher.group(1);
    }

    /** The person's care plans, as a FHIR searchset Bundle. */
    public static String carePlans(String carePlansUrl, String token, String nhsNumber)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(carePlansUrl + "/fhir/CarePlan?patient.identifier="
                        + NHS_NUMBER_SYSTEM + "%7C" + nhsNumber))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("CarePlan search answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Polls the care plans until the person's plan names this referral; returns the Bundle. */
    public static String awaitReferralInCarePlan(String carePlansUrl, String token, String nhsNumber,
            String referralId, Duration timeout) throws IOException, InterruptedException {
        return awaitCarePlan(carePlansUrl, token, nhsNumber, "\"" + referralId + "\"", timeout);
    }

    /** Polls the person's care plans until they contain this text; returns the Bundle. */
    public static String awaitCarePlan(String carePlansUrl, String token, String nhsNumber, String text,
            Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String bundle = "";
        while (Instant.now().isBefore(deadline)) {
            bundle = carePlans(carePlansUrl, token, nhsNumber);
            if (bundle.contains(text)) {
                return bundle;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("The care plan did not show " + text + " within " + timeout
                + "; last answer: " + bundle);
    }
}
