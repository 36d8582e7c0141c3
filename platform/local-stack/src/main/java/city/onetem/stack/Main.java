package city.onetem.stack;

import city.onetem.platform.testing.KeptDataException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * ./run.sh: starts the broker and the database on the data kept by earlier runs (--fresh
 * deletes it first), the four services and the board, runs the demo, prints where to look, and on Ctrl-C
 * stops everything it started.
 */
public final class Main {

    private static final Map<String, List<String>> TOKENS = Map.of(
            "referrer", List.of("dr.patel", "J82001", "referring-system"),
            "spa", List.of("spa.coordinator", "R1C", "spa-coordinator"),
            // Nurse Jones works in the central cluster team: the demo's person is theirs.
            "care-team", List.of("nurse.jones", "R1C", "community-nurse", "central"),
            "operator", List.of("oncall.engineer", "R1C", "service-administrator"),
            "discharge-hub", List.of("discharge.hub", "RHM", "discharge-hub"),
            "virtual-ward", List.of("dr.okafor", "R1C", "virtual-ward-clinician"),
            // The demo person's monitoring kit: it records readings for the person whose stay names it.
            "monitoring-kit", List.of(Demo.DEMO_KIT, "R1C", "monitoring-device"),
            "auditor", List.of("privacy.officer", "R1C", "auditor"));

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        boolean demo = !List.of(args).contains("--no-demo");
        boolean fresh = List.of(args).contains("--fresh");
        boolean rebuild = List.of(args).contains("--rebuild-care-plans");
        long started = System.nanoTime();
        Path root = LocalStack.findRoot();
        LocalStack stack = new LocalStack(root, root.resolve(".local-stack"), true);
        Path data = root.relativize(stack.workDir());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the services, the broker and the database...");
            stack.close();
            stopped.countDown();
        }, "local-stack-stop"));

        if (fresh) {
            stack.deleteKeptData();
            say("--fresh: deleted the data earlier runs kept in " + data + "/postgres and " + data
                    + "/kafka; starting with none");
        }
        say("Starting PostgreSQL and Kafka; the embedded ones keep their data in " + data + "/ for the next run...");
        try {
            stack.startInfrastructureOnKeptData();
        } catch (KeptDataException e) {
            System.err.println("[local-stack] " + e.getMessage());
            System.err.println("[local-stack] To start again with no data (this deletes every referral and plan kept"
                    + " there): ./run.sh --fresh");
            System.exit(1);
        }
        if (rebuild) {
            stack.rebuildCarePlansFromTheLog();
            say("--rebuild-care-plans: emptied care-plans' database; care-plans rebuilds it from careplans.v1"
                    + " as it starts (its log says how far it has got)");
        }
        say("Kafka at " + stack.kafkaBootstrapServers() + "; starting the four services and the board...");
        stack.startAllServices(Duration.ofSeconds(120));
        say(String.format("All four services and the board ready in %.1f s", (System.nanoTime() - started) / 1e9));
        stack.supervise(Main::say);

        Path tokens = stack.workDir().resolve("tokens");
        Files.createDirectories(tokens);
        for (Map.Entry<String, List<String>> role : TOKENS.entrySet()) {
            List<String> who = role.getValue();
            Files.writeString(tokens.resolve(role.getKey() + ".jwt"), stack.keys().token(who.get(0), who.get(1),
                    Duration.ofHours(12), who.subList(3, who.size()), who.get(2)));
        }

        if (demo) {
            runDemo(stack, tokens);
        }
        printWhereToLook(stack, root);
        stopped.await();
    }

    private static void runDemo(LocalStack stack, Path tokens) throws Exception {
        String nhsNumber = "9434765919";
        String referrer = Files.readString(tokens.resolve("referrer.jwt"));
        String careTeam = Files.readString(tokens.resolve("care-team.jwt"));
        String earlier = Demo.carePlansIfAllowed(stack.get("care-plans").baseUrl(), careTeam, nhsNumber);
        if (earlier != null && !earlier.contains("\"total\":0")) {
            say("Demo: NHS number " + nhsNumber + " still has the One Team care plan an earlier run made: the data"
                    + " was kept, so the demo is not run again (./run.sh --fresh starts clean)");
            return;
        }
        say("Demo: a GP refers NHS number " + nhsNumber + " for community nursing...");
        long posted = System.nanoTime();
        HttpResponse<String> created = Demo.postReferral(stack.get("referrals").baseUrl(), referrer,
                Demo.referral(nhsNumber));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("The demo referral was refused: " + created.body());
        }
        String referralId = Demo.idOf(created.body());
        Demo.awaitReferralInCarePlan(stack.get("care-plans").baseUrl(), careTeam, nhsNumber, referralId,
                Duration.ofSeconds(10));
        say(String.format("Demo: referral ServiceRequest/%s is on the person's One Team care plan (%.0f ms after it was posted)",
                referralId, (System.nanoTime() - posted) / 1e6));
        say("Demo: the SPA triages it and the central cluster team accepts it...");
        Demo.triageAndAccept(stack.get("referrals").baseUrl(), Files.readString(tokens.resolve("spa.jwt")), referralId);
        Demo.awaitCarePlan(stack.get("care-plans").baseUrl(), careTeam, nhsNumber, "accepted by Central cluster",
                Duration.ofSeconds(10));
        say("Demo: the care plan shows 'Community nursing referral: accepted by Central cluster'");
        Demo.awaitCarePlan(stack.get("care-plans").baseUrl(), careTeam, nhsNumber,
                "Care team: no accountable professional named yet", Duration.ofSeconds(10));
        say("Demo: the central cluster team is on the person's care team (GET /fhir/CareTeam?patient.identifier="
                + nhsNumber + "); the plan asks for an accountable professional and a care navigator to be named");
        Demo.hospitalStay(stack, Files.readString(tokens.resolve("discharge-hub.jwt")), careTeam, nhsNumber, Main::say);
        Demo.virtualWard(stack, Files.readString(tokens.resolve("virtual-ward.jwt")), careTeam, nhsNumber, Main::say);
    }

    private static void printWhereToLook(LocalStack stack, Path root) {
        Path work = root.relativize(stack.workDir());
        System.out.println("""

                One Team care coordination is running.
                  referrals (SPA)   %s/fhir/metadata
                  care-plans        %s/fhir/metadata
                  discharge         %s/fhir/metadata (HL7 v2 ADT over MLLP: localhost:%d)
                  virtual-ward      %s/fhir/metadata
                  the board         %s/ (sign in as one of the demo users: %s)
                  Kafka             %s
                  tokens            %s/tokens/{referrer,spa,care-team,discharge-hub,virtual-ward,operator,auditor}.jwt
                  logs              %s/logs/
                  data              %s/{postgres,kafka}/ (kept across runs; ./run.sh --fresh starts clean)

                Try:
                  curl -s -H "Authorization: Bearer $(cat %s/tokens/care-team.jwt)" \\
                    '%s/fhir/CarePlan?patient.identifier=https://fhir.nhs.uk/Id/nhs-number%%7C9434765919'

                Press Ctrl-C to stop everything.""".formatted(
                stack.get("referrals").baseUrl(), stack.get("care-plans").baseUrl(), stack.get("discharge").baseUrl(),
                stack.mllpPort("discharge"), stack.get("virtual-ward").baseUrl(), stack.get("board").baseUrl(),
                String.join(", ", LocalStack.DEMO_USERS.stream().map(u -> u.name() + " (" + u.description() + ")")
                        .toList()), stack.kafkaBootstrapServers(), work, work, work, work,
                stack.get("care-plans").baseUrl()));
    }

    private static void say(String line) {
        System.out.println("[local-stack] " + line);
    }
}
