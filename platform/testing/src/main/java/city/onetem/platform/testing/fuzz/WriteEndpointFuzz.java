package city.onetem.platform.testing.fuzz;

import static city.onetem.platform.testing.fuzz.Gen.weight;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Fuzzes every write endpoint of a running service: each case mutates the endpoint's valid body
 * ({@link JsonMutator}), and sometimes its path id, If-Match or query, sends it, and holds the
 * answer to the rule: never a 5xx; a refusal is a 4xx OperationOutcome that says what to change
 * ({@link FhirAnswers}) and leaves the database as it was ({@link DatabaseSnapshot}); an answer
 * outside 2xx and 4xx is a failure too. Every service with write endpoints declares them once
 * and runs this from a @QuarkusTest.
 */
public final class WriteEndpointFuzz {

    /** A request as the fuzzer built it. */
    record Case(Optional<Mutant> body, Optional<String> id, Optional<String> ifMatch, Map<String, Optional<String>> query,
            boolean sendIfMatch) {
    }

    private final URI base;
    private final DatabaseSnapshot snapshot;
    private final List<WriteEndpoint> endpoints = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private WriteEndpointFuzz(URI base, DatabaseSnapshot snapshot) {
        this.base = base;
        this.snapshot = snapshot;
    }

    /** @param base the service's root, e.g. http://localhost:8081/ */
    public static WriteEndpointFuzz of(URI base, DatabaseSnapshot snapshot) {
        return new WriteEndpointFuzz(base, snapshot);
    }

    public WriteEndpointFuzz endpoint(WriteEndpoint endpoint) {
        endpoints.add(endpoint);
        return this;
    }

    public WriteEndpointFuzz endpoints(List<WriteEndpoint> more) {
        endpoints.addAll(more);
        return this;
    }

    /** Tries every endpoint ({@link Fuzz#triesEach}) and fails with a report of every case that broke the rule. */
    public void run() {
        snapshot.awaitQuiet(Duration.ofSeconds(30));
        int tries = Fuzz.triesEach(endpoints.size());
        System.out.printf("Fuzzing %d write endpoints, %d tries each, seed %d (-D%s=%d to repeat)%n", endpoints.size(),
                tries, Fuzz.runSeed(), Fuzz.SEED, Fuzz.runSeed());
        List<Fuzz.Failure> failures = new ArrayList<>();
        for (WriteEndpoint endpoint : endpoints) {
            if (!Fuzz.selected(endpoint.name())) {
                continue;
            }
            long started = System.nanoTime();
            failures.addAll(Fuzz.check(endpoint.name(), tries, cases(endpoint), c -> describe(endpoint, c),
                    c -> c.body().map(Mutant::body).orElse(""), c -> send(endpoint, c)));
            System.out.printf("  %-60s %5d tries in %5.1f s%n", endpoint.name(), tries,
                    (System.nanoTime() - started) / 1e9);
        }
        Fuzz.assertNone(failures);
    }

    private static Gen<Case> cases(WriteEndpoint endpoint) {
        Gen<Optional<Mutant>> bodies = endpoint.validBody == null
                ? JsonMutator.mutantsOf("{\"resourceType\":\"Parameters\"}").optional(0.2)
                : JsonMutator.mutantsOf(endpoint.validBody).map(Optional::of);
        Gen<Optional<String>> ids = endpoint.pathTemplate.contains("{id}") ? garbage().optional(0.15)
                : Gen.just(Optional.empty());
        Gen<Optional<String>> ifMatches = Gen.of("W/\"999999\"", "W/\"abc\"", "\"\"", "*", "W/\"-1\"",
                "W/\"99999999999999999999\"", " ", "W/", "W/\"1\", W/\"2\"", "1.5", "W/\"0\"", "null").optional(0.3);
        Gen<Map<String, Optional<String>>> query = queryParameters(endpoint);
        Gen<Boolean> sendIfMatch = Gen.of(true, false);
        return random -> new Case(bodies.next(random), ids.next(random), ifMatches.next(random), query.next(random),
                sendIfMatch.next(random));
    }

    /** Each query parameter: its valid value (empty), left out (""), or garbage. */
    private static Gen<Map<String, Optional<String>>> queryParameters(WriteEndpoint endpoint) {
        Gen<Optional<String>> value = Gen.frequency(weight(6, Gen.just(Optional.empty())),
                weight(1, Gen.just(Optional.of(""))), weight(3, garbage().map(Optional::of)));
        List<String> names = List.copyOf(endpoint.queryParameters.keySet());
        return random -> {
            Map<String, Optional<String>> query = new LinkedHashMap<>();
            names.forEach(name -> query.put(name, value.next(random)));
            return query;
        };
    }

    /** Text for a path segment or query value: injections, unicode, control characters, long runs. */
    private static Gen<String> garbage() {
        return Gen.oneOf(Fragments.injections(), Fragments.unicode(), Fragments.nearMisses(),
                Fragments.controlCharacters().filter(s -> s.contains("\\u")))
                .map(WriteEndpointFuzz::unquote)
                .flatMap(s -> Gen.of(s, s, s, "x".repeat(1000), ".", "..", "%2F", " "));
    }

    private void send(WriteEndpoint endpoint, Case c) throws IOException, InterruptedException {
        String id = c.id().orElseGet(endpoint.id);
        String path = endpoint.pathTemplate.replace("{id}", encode(id));
        List<String> query = new ArrayList<>();
        endpoint.queryParameters.forEach((name, valid) -> {
            Optional<String> chosen = c.query().getOrDefault(name, Optional.empty());
            if (!"".equals(chosen.orElse(null))) {
                query.add(name + "=" + encode(chosen.orElse(valid)));
            }
        });
        URI uri = base.resolve(path.replaceFirst("^/", "") + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + endpoint.token).header("Accept", "application/fhir+json");
        String ifMatch = c.ifMatch().orElse(c.sendIfMatch() && endpoint.ifMatch != null ? endpoint.ifMatch.get() : null);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        String body = c.body().map(m -> m.body().replace("{id}", id)).orElse(null);
        if (body != null) {
            request.header("Content-Type", endpoint.contentType);
        }
        request.method(endpoint.method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));

        Map<String, String> before = snapshot.take();
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        if (status >= 200 && status < 300) {
            endpoint.onAccepted.accept(new WriteEndpoint.Answer(status, contentType,
                    response.headers().firstValue("ETag").orElse(null), response.body()));
            return;
        }
        if (status < 400 || status > 499) {
            throw new AssertionError(endpoint.method + " " + uri.getRawPath() + " answered " + status + ": "
                    + FhirAnswers.cut(response.body()));
        }
        if (endpoint.answersWithMessages) {
            FhirAnswers.assertMessageRefusal(status, contentType, response.body());
        } else {
            FhirAnswers.assertRefusal(status, contentType, response.body());
        }
        String changed = DatabaseSnapshot.difference(before, snapshot.take());
        if (!changed.isEmpty()) {
            throw new AssertionError("refused with " + status + " but the database changed: " + changed + "; answer: "
                    + FhirAnswers.cut(response.body()));
        }
    }

    private static String describe(WriteEndpoint endpoint, Case c) {
        List<String> parts = new ArrayList<>();
        c.body().ifPresentOrElse(m -> parts.add("body: " + m.describe()), () -> parts.add("no body"));
        c.id().ifPresent(id -> parts.add("path id " + new Edit(Edit.Kind.REPLACE, 0, id, "").fragmentForReport()));
        c.ifMatch().ifPresent(v -> parts.add("If-Match " + v));
        if (c.ifMatch().isEmpty()) {
            parts.add(c.sendIfMatch() && endpoint.ifMatch != null ? "If-Match current" : "no If-Match");
        }
        String query = c.query().entrySet().stream().filter(e -> e.getValue().isPresent())
                .map(e -> e.getKey() + (e.getValue().get().isEmpty() ? " left out"
                        : "=" + new Edit(Edit.Kind.REPLACE, 0, e.getValue().get(), "").fragmentForReport()))
                .collect(Collectors.joining(", "));
        if (!query.isEmpty()) {
            parts.add("query " + query);
        }
        return endpoint.name() + " with " + String.join("; ", parts);
    }

    /** Percent-encodes everything but unreserved characters, so any text is one path segment. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String unquote(String json) {
        if (json.length() < 2 || !json.startsWith("\"")) {
            return json;
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, String.class);
        } catch (IOException e) {
            return json.substring(1, json.length() - 1); // a raw control character: keep it raw
        }
    }
}
