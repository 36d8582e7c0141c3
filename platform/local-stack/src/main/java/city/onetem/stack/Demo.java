package city.onetem.stack;

import city.onetem.platform.testing.MonitoringKit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import city.onetem.platform.testing.MllpClient;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Consumer;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo scenario: a GP refers a person, and their One Team care plan shows the referral; then
 * the hospital admits them (HL7 v2 over MLLP), the discharge hub records them ready to go home on
 * pathway 1, and the hospital discharges them home with reablement.
 */
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
        return operation(referralsUrl + "/fhir/ServiceRequest/" + referralId, token, operation, parametersJson);
    }

    /** Calls a discharge to assess operation ($medically-optimised, ...) on a stay. */
    public static void operateOnStay(String dischargeUrl, String token, String stayId, String operation,
            String parametersJson) throws IOException, InterruptedException {
        operation(dischargeUrl + "/fhir/Encounter/" + stayId, token, operation, parametersJson);
    }

    /** POSTs the Parameters to the resource's operation; the answer must be 200. */
    private static HttpResponse<String> operation(String resourceUrl, String token, String operation,
            String parametersJson) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(resourceUrl + "/" + operation))
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

    /** An ADT message as Southampton General's PAS sends it (HL7 v2.4, the NHS number in PID-3). */
    public static String adt(String trigger, String nhsNumber, String visit, ZonedDateTime admitted,
            ZonedDateTime discharged) {
        DateTimeFormatter hl7 = DateTimeFormatter.ofPattern("yyyyMMddHHmm");
        ZonedDateTime recorded = discharged != null ? discharged : admitted;
        return String.join("\r",
                "MSH|^~\\&|PAS|RHM|ONETEM|ONETEM|" + recorded.format(hl7) + "||ADT^" + trigger + "|DEMO-" + trigger
                        + "-" + visit + "|P|2.4",
                "EVN|" + trigger + "|" + recorded.format(hl7),
                "PID|1||RHM0042^^^RHM^MR~" + nhsNumber + "^^^NHS^NH||DEMO^PERSON||19450312|F",
                "PV1|1|I|F5^^12^RHM||||C123^JONES^ALAN|||GER|||||||||" + visit + "^^^RHM^VN|||||||||||||||||||||||||"
                        + admitted.format(hl7) + "|" + (discharged == null ? "" : discharged.format(hl7))) + "\r";
    }

    /** Sends one message over MLLP and returns its ACK, which must accept it (MSA-1 AA). */
    public static String sendOverMllp(int port, String er7) throws IOException {
        try (MllpClient client = new MllpClient("localhost", port)) {
            String ack = client.send(er7);
            if (!ack.contains("\rMSA|AA|")) {
                throw new IllegalStateException("The discharge service did not accept the demo ADT: " + ack);
            }
            return ack;
        }
    }

    /** The id of the stay with this visit number. */
    public static String stayId(String dischargeUrl, String token, String visit) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(dischargeUrl + "/fhir/Encounter?identifier=" + visit))
                .header("Authorization", "Bearer " + token).GET().build();
        return idOf(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().replaceFirst("^.*?\"resource\"", ""));
    }

    /** The person goes into hospital and comes home on pathway 1, as a hospital and its discharge hub send it. */
    public static void hospitalStay(LocalStack stack, String hub, String careTeam, String nhsNumber, Consumer<String> say)
            throws IOException, InterruptedException {
        String carePlans = stack.get("care-plans").baseUrl();
        String discharge = stack.get("discharge").baseUrl();
        ZonedDateTime admitted = ZonedDateTime.now(ZoneId.of("Europe/London")).minusDays(2).withSecond(0).withNano(0);
        String visit = "V" + admitted.toEpochSecond();
        int port = stack.mllpPort("discharge");
        say.accept("Demo: Southampton General's PAS admits the person: HL7 v2 ADT^A01 over MLLP to port " + port + "...");
        sendOverMllp(port, adt("A01", nhsNumber, visit, admitted, null));
        awaitCarePlan(carePlans, careTeam, nhsNumber, "In Southampton General Hospital since", Duration.ofSeconds(10));
        say.accept("Demo: the ACK was AA; the care plan shows 'In Southampton General Hospital since " + admitted.toLocalDate() + "'");
        String stay = stayId(discharge, hub, visit);
        operateOnStay(discharge, hub, stay, "$medically-optimised",
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"pathway\",\"valueInteger\":1}]}");
        awaitCarePlan(carePlans, careTeam, nhsNumber, "discharge to assess pathway 1", Duration.ofSeconds(10));
        say.accept("Demo: the discharge hub records them medically optimised on pathway 1 (Encounter/" + stay
                + "/$medically-optimised); the plan shows it and a task to arrange reablement");
        sendOverMllp(port, adt("A03", nhsNumber, visit, admitted, ZonedDateTime.now(ZoneId.of("Europe/London"))
                .withSecond(0).withNano(0)));
        awaitCarePlan(carePlans, careTeam, nhsNumber, "Home from Southampton General Hospital with reablement since",
                Duration.ofSeconds(10));
        say.accept("Demo: the PAS discharges them (ADT^A03 over MLLP); the plan shows 'Home from Southampton General Hospital"
                + " with reablement'");
    }

    /** The client id of the demo's monitoring kit: the admission assigns it, its token's sub names it. */
    public static final String DEMO_KIT = "kit-demo-01";

    /**
     * Back home, the person becomes breathless: the cluster team steps them up to the respiratory
     * virtual ward with monitoring kit assigned to them, and the kit's readings worsen until NEWS2
     * escalates to the responsible clinician, on the person's One Team plan.
     */
    public static void virtualWard(LocalStack stack, String clinician, String careTeam, String nhsNumber,
            Consumer<String> say) throws IOException, InterruptedException {
        String carePlans = stack.get("care-plans").baseUrl();
        String ward = stack.get("virtual-ward").baseUrl();
        say.accept("Demo: back home the person is breathless; the cluster team steps them up to the respiratory virtual"
                + " ward under Dr Okafor, with monitoring kit " + DEMO_KIT + " (POST /fhir/EpisodeOfCare)...");
        post(ward + "/fhir/EpisodeOfCare", clinician, """
                {"resourceType":"EpisodeOfCare","status":"active",
                 "extension":[{"url":"https://onetem.city/fhir/StructureDefinition/virtual-ward-route","valueCode":"step-up"},
                   {"url":"https://onetem.city/fhir/StructureDefinition/monitoring-device",
                    "valueIdentifier":{"system":"https://onetem.city/Id/device","value":"%s"}}],
                 "type":[{"coding":[{"system":"https://onetem.city/CodeSystem/virtual-ward","code":"respiratory"}]}],
                 "patient":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "careManager":{"display":"Dr Okafor"}}""".formatted(DEMO_KIT, nhsNumber));
        awaitCarePlan(carePlans, careTeam, nhsNumber, "Virtual ward (Respiratory) since", Duration.ofSeconds(10));
        String kit = stack.keys().token(DEMO_KIT, "R1C", "monitoring-device");
        say.accept("Demo: the care plan shows 'Virtual ward (Respiratory) since " + java.time.LocalDate.now() + "'");
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        readings(ward, kit, MonitoringKit.readings(nhsNumber, now.minusSeconds(2400).toString(), 18, 95, false,
                118, 88, MonitoringKit.ALERT, "37.6"), say, "40 minutes ago");
        readings(ward, kit, MonitoringKit.readings(nhsNumber, now.minusSeconds(1200).toString(), 22, 94, false,
                112, 98, MonitoringKit.ALERT, "38.2"), say, "20 minutes ago");
        readings(ward, kit, MonitoringKit.readings(nhsNumber, now.toString(), 25, 92, true, 105, 112,
                MonitoringKit.ALERT, "38.4"), say, "now, on oxygen");
        awaitCarePlan(carePlans, careTeam, nhsNumber, "Urgent: NEWS2 11 (high risk, emergency response)",
                Duration.ofSeconds(10));
        say.accept("Demo: NEWS2 11 escalated to Dr Okafor (a Flag and a Task due in 15 minutes); the care plan shows "
                + "'Urgent: NEWS2 11 (high risk, emergency response)'");
    }

    /** The kit posts a set of readings as a transaction; says what NEWS2 made of it. */
    private static void readings(String wardUrl, String token, List<String> set, Consumer<String> say, String when)
            throws IOException, InterruptedException {
        String answer = post(wardUrl + "/fhir", token, MonitoringKit.bundle("transaction", set));
        Matcher scored = Pattern.compile("Recorded and scored: (NEWS2 \\d+ \\([^)]*\\))").matcher(answer);
        say.accept("Demo: the monitoring kit sends a set of readings taken " + when + ": "
                + (scored.find() ? scored.group(1) : answer));
    }

    /** POSTs a FHIR resource; the answer must be 200 or 201; returns its body. */
    public static String post(String url, String token, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    public static String idOf(String resourceJson) {
        Matcher matcher = ID.matcher(resourceJson);
        if (!matcher.find()) {
            throw new IllegalStateException("No id in " + resourceJson);
        }
        return matcher.group(1);
    }

    /**
     * Refers the person from a central GP practice and waits until a central team member sees their
     * plan: their care relationship. (A plan started by a hospital stay or a ward admission alone is
     * held by no team yet.)
     */
    public static void referToCentralTeam(LocalStack stack, String referrer, String careTeam, String nhsNumber)
            throws IOException, InterruptedException {
        HttpResponse<String> created = postReferral(stack.get("referrals").baseUrl(), referrer, referral(nhsNumber));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("The referral was refused: " + created.body());
        }
        awaitReferralInCarePlan(stack.get("care-plans").baseUrl(), careTeam, nhsNumber, idOf(created.body()),
                Duration.ofSeconds(30));
    }

    /** The person's care plans, as a FHIR searchset Bundle. */
    public static String carePlans(String carePlansUrl, String token, String nhsNumber)
            throws IOException, InterruptedException {
        String bundle = carePlansIfAllowed(carePlansUrl, token, nhsNumber);
        if (bundle == null) {
            throw new IllegalStateException("CarePlan search answered 403: no care relationship with " + nhsNumber);
        }
        return bundle;
    }

    /**
     * The person's care plans, or null while the caller has no care relationship with them: their
     * plan is not made yet, or not held by the caller's team.
     */
    public static String carePlansIfAllowed(String carePlansUrl, String token, String nhsNumber)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(carePlansUrl + "/fhir/CarePlan?patient.identifier="
                        + NHS_NUMBER_SYSTEM + "%7C" + nhsNumber))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 403) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("CarePlan search answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Whether the person's plans, as this caller may see them, show this text (false while refused). */
    public static boolean carePlanShows(String carePlansUrl, String token, String nhsNumber, String text)
            throws IOException, InterruptedException {
        String bundle = carePlansIfAllowed(carePlansUrl, token, nhsNumber);
        return bundle != null && bundle.contains(text);
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
            String allowed = carePlansIfAllowed(carePlansUrl, token, nhsNumber);
            bundle = allowed == null ? "403: no care relationship yet" : allowed;
            if (bundle.contains(text)) {
                return bundle;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("The care plan did not show " + text + " within " + timeout
                + "; last answer: " + bundle);
    }
}
