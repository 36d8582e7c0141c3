package city.onetem.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.events.EventLimits;
import city.onetem.platform.events.TopicProvisioner;
import city.onetem.platform.events.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in deploy/, read as Kubernetes reads them (the fabric8 model, Strimzi's
 * API model), checked against the code: every service listens and is probed where it serves,
 * every topic the code publishes exists with the settings the code relies on, every secret read
 * is made by someone, and every setting given is one the service reads, with none it needs missing.
 */
class DeployManifestsTest {

    private static final Path ROOT = root();
    private static final List<String> SERVICES = List.of("referrals", "care-plans", "discharge", "virtual-ward");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Class<?>> KINDS = Map.ofEntries(Map.entry("Deployment", Deployment.class),
            Map.entry("Service", Service.class), Map.entry("ConfigMap", ConfigMap.class),
            Map.entry("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("PodDisruptionBudget", PodDisruptionBudget.class), Map.entry("NetworkPolicy", NetworkPolicy.class),
            Map.entry("Ingress", Ingress.class), Map.entry("Kafka", Kafka.class),
            Map.entry("KafkaNodePool", KafkaNodePool.class), Map.entry("KafkaTopic", KafkaTopic.class),
            // No Java model is published for these: read generically.
            Map.entry("Cluster", GenericKubernetesResource.class),
            Map.entry("PrometheusRule", GenericKubernetesResource.class),
            Map.entry("PodMonitor", GenericKubernetesResource.class));
    private static final Pattern CONFIG_PROPERTY = Pattern.compile(
            "@ConfigProperty\\(name = \"([^\"]+)\"(, defaultValue = \"[^\"]*\")?\\)\\s+(?:final\\s+)?([\\w.<>]+)");

    private static final List<Object> RESOURCES = new ArrayList<>();

    @BeforeAll
    static void read() throws IOException {
        for (String file : kustomizationResources()) {
            try (var parser = YAML.getFactory().createParser(ROOT.resolve("deploy").resolve(file).toFile())) {
                for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                    String kind = document.path("kind").asText();
                    Class<?> type = KINDS.get(kind);
                    assertNotNull(type, file + ": a " + kind + " the test does not know");
                    RESOURCES.add(YAML.convertValue(document, type));
                }
            }
        }
    }

    @Test
    void everyManifestIsAppliedAndSaysOnlyWhatKubernetesAndTheOperatorsRead() throws IOException {
        Set<String> listed = new TreeSet<>(kustomizationResources());
        try (Stream<Path> files = Stream.concat(Files.list(ROOT.resolve("deploy/kubernetes")),
                Files.list(ROOT.resolve("deploy/monitoring")))) {
            Set<String> present = files.map(path -> ROOT.resolve("deploy").relativize(path).toString())
                    .filter(name -> name.endsWith(".yaml")).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(present, listed, "every manifest is in deploy/kustomization.yaml");
        }
        List<String> unknown = new ArrayList<>();
        for (Object resource : RESOURCES) {
            if (!(resource instanceof GenericKubernetesResource)) {
                unknownFields(resource, resource.getClass().getSimpleName(), unknown, new IdentityHashMap<>());
            }
        }
        assertEquals(List.of(), unknown, "fields the model does not have (a misspelt field is silently ignored)");
    }

    @Test
    void eachServiceListensAndIsProbedWhereItServes() {
        for (String name : withBoard()) {
            Properties config = serviceConfig(name);
            Container container = container(name);
            int http = Integer.parseInt(config.getProperty("quarkus.http.port"));
            assertEquals(http, port(container, "http"), name + " container port");
            Service service = named(Service.class, name);
            assertEquals(http, service.getSpec().getPorts().stream().filter(p -> "http".equals(p.getName()))
                    .findFirst().orElseThrow().getPort(), name + " Service port");
            assertNotNull(container.getReadinessProbe(), name + " readiness probe");
            assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath());
            assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath());
            if (!name.equals("board")) {
                assertEquals("/q/health/started", container.getStartupProbe().getHttpGet().getPath(),
                        name + ": started once every consumer group has its partitions");
            }
            assertNotNull(container.getResources().getLimits().get("memory"), name + " memory limit");
        }
        assertEquals(Integer.parseInt(serviceConfig("discharge").getProperty("onetem.mllp.port")),
                port(container("discharge"), "mllp"), "the MLLP port hospitals send to");
        assertTrue(resources(Service.class).anyMatch(s -> s.getSpec().getPorts().stream()
                .anyMatch(p -> "mllp".equals(p.getName()))), "a Service for MLLP");
    }

    @Test
    void theTopicsAreTheOnesTheCodeUsesWithTheSettingsItReliesOn() throws Exception {
        EventLimits limits = eventLimits();
        int partitions = Integer.parseInt(defaultOf(TopicProvisioner.class, "partitions"));
        Map<String, KafkaTopic> topics = resources(KafkaTopic.class)
                .collect(Collectors.toMap(t -> t.getSpec().getTopicName(), t -> t));
        Set<String> expected = new TreeSet<>(Topics.ALL);
        Topics.ALL.forEach(topic -> expected.add(Topics.deadLetter(topic)));
        assertEquals(expected, new TreeSet<>(topics.keySet()));
        topics.forEach((name, topic) -> {
            boolean deadLetters = !Topics.ALL.contains(name);
            Map<String, Object> config = topic.getSpec().getConfig();
            assertEquals(deadLetters ? 1 : partitions, topic.getSpec().getPartitions(), name + " partitions");
            assertEquals(3, topic.getSpec().getReplicas(), name + " replicas");
            assertEquals(2, number(config.get("min.insync.replicas")), name + " min.insync.replicas");
            assertEquals(deadLetters ? limits.maxParkedRecordBytes() : limits.maxRecordBytes(),
                    number(config.get("max.message.bytes")), name + " max.message.bytes");
            assertEquals(name.equals(Topics.CARE_PLANS) ? Topics.KEPT_FOR_EVER : limits.topicRetention().toMillis(),
                    number(config.get("retention.ms")), name + " retention.ms (careplans.v1 is care-plans' log of record)");
            assertEquals(name.equals(Topics.RELATIONSHIPS) ? "compact" : null, config.get("cleanup.policy"), name);
            assertEquals("onetem", topic.getMetadata().getLabels().get("strimzi.io/cluster"));
        });
        assertTrue(limits.processedIdRetention().compareTo(limits.topicRetention()) > 0,
                "consumers remember an event id longer than a topic can deliver it again");

        Kafka kafka = resources(Kafka.class).findFirst().orElseThrow();
        Map<String, Object> broker = kafka.getSpec().getKafka().getConfig();
        assertEquals(2, number(broker.get("min.insync.replicas")));
        assertEquals(3, number(broker.get("default.replication.factor")));
        assertEquals(false, broker.get("auto.create.topics.enable"));
        assertTrue(number(broker.get("message.max.bytes")) >= limits.maxParkedRecordBytes());
        assertEquals(3, resources(KafkaNodePool.class).mapToInt(pool -> pool.getSpec().getReplicas()).sum(),
                "three brokers: replication 3 with 2 in sync survives one down");
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:9092";
        assertEquals(bootstrap, configMap("onetem-events").getData().get("KAFKA_BOOTSTRAP_SERVERS"));
    }

    @Test
    void noInstancesBeyondThePartitionsThatFeedThem() throws Exception {
        int partitions = Integer.parseInt(defaultOf(TopicProvisioner.class, "partitions"));
        for (String name : SERVICES) {
            HorizontalPodAutoscaler scaling = named(HorizontalPodAutoscaler.class, name);
            assertEquals(name, scaling.getSpec().getScaleTargetRef().getName());
            assertTrue(scaling.getSpec().getMaxReplicas() <= partitions, name + ": more consumers than partitions idle");
            assertTrue(scaling.getSpec().getMinReplicas() >= 2, name + ": one instance down leaves one serving");
            assertEquals(name, named(PodDisruptionBudget.class, name).getSpec().getSelector().getMatchLabels()
                    .get("app.kubernetes.io/name"));
        }
    }

    @Test
    void everySecretReadIsMadeByTheDatabaseOperatorOrListedForTheOperators() throws IOException {
        Set<String> made = resources(GenericKubernetesResource.class).filter(r -> r.getKind().equals("Cluster"))
                .map(cluster -> cluster.getMetadata().getName() + "-app").collect(Collectors.toSet());
        String readme = Files.readString(ROOT.resolve("deploy/README.md"));
        List<String> unmade = new ArrayList<>();
        for (String name : withBoard()) {
            for (EnvVar env : container(name).getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    String secret = env.getValueFrom().getSecretKeyRef().getName();
                    String key = env.getValueFrom().getSecretKeyRef().getKey();
                    boolean listed = readme.contains("| `" + secret + "` | `" + key + "` |");
                    if (!made.contains(secret) && !listed) {
                        unmade.add(name + ": " + secret + "/" + key);
                    }
                }
            }
        }
        assertEquals(List.of(), unmade, "secrets neither CloudNativePG makes nor deploy/README.md lists");
    }

    @Test
    void everySettingGivenIsOneTheServiceReadsAndEveryOneItNeedsIsGiven() throws IOException {
        for (String name : withBoard()) {
            Set<String> reads = new HashSet<>();
            Set<String> needs = new TreeSet<>();
            readSettings(name, reads, needs);
            Set<String> given = new TreeSet<>();
            Container container = container(name);
            container.getEnv().forEach(env -> given.add(env.getName()));
            if (container.getEnvFrom() != null) {
                container.getEnvFrom().forEach(from -> given.addAll(configMap(from.getConfigMapRef().getName())
                        .getData().keySet()));
            }
            given.removeAll(Set.of("JAVA_OPTS_APPEND", "SMALLRYE_CONFIG_LOCATIONS"));
            Set<String> readAsEnv = reads.stream().map(DeployManifestsTest::env).collect(Collectors.toSet());
            assertEquals(Set.of(), given.stream().filter(env -> !readAsEnv.contains(env))
                    .collect(Collectors.toCollection(TreeSet::new)), name + ": settings it does not read");
            Set<String> missing = needs.stream().filter(setting -> !given.contains(env(setting)))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of(), missing, name + ": settings it needs outside dev, not given");
        }
        // The token issuers come from the mounted file: at least one, complete.
        Properties issuers = new Properties();
        issuers.load(new java.io.StringReader(configMap("onetem-issuers").getData().get("application.properties")));
        Set<String> names = issuers.stringPropertyNames().stream().filter(k -> k.startsWith("onetem.security.issuers."))
                .map(k -> k.split("\\.")[3]).collect(Collectors.toSet());
        assertFalse(names.isEmpty());
        for (String issuer : names) {
            for (String part : List.of("issuer", "keys", "audience")) {
                assertNotNull(issuers.getProperty("onetem.security.issuers." + issuer + "." + part), issuer + "." + part);
            }
        }
        for (String name : SERVICES) {
            Deployment deployment = named(Deployment.class, name);
            assertEquals("onetem-issuers", deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getConfigMap() != null).findFirst().orElseThrow().getConfigMap().getName());
            assertEquals("/etc/onetem/config/application.properties", container(name).getEnv().stream()
                    .filter(e -> e.getName().equals("SMALLRYE_CONFIG_LOCATIONS")).findFirst().orElseThrow().getValue());
        }
    }

    /**
     * What a service reads (its and the platform's properties files, and every {@code @ConfigProperty}
     * in their sources), and what it needs given outside dev: a setting read with no default and no
     * value but a dev or test one, or one whose value is for one machine (localhost, the local
     * database's user and password).
     */
    private static void readSettings(String name, Set<String> reads, Set<String> needs) throws IOException {
        List<Path> sources = new ArrayList<>(List.of(ROOT.resolve("services").resolve(name).resolve("src/main")));
        if (!name.equals("board")) {
            sources.add(ROOT.resolve("platform/fhir/src/main"));
            sources.add(ROOT.resolve("platform/events/src/main"));
        }
        Map<String, String> valued = new HashMap<>();
        for (Path source : sources) {
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(file);
                    if (file.toString().endsWith(".properties")) {
                        for (String line : text.lines().toList()) {
                            if (line.isBlank() || line.startsWith("#") || !line.contains("=")) {
                                continue;
                            }
                            String key = line.substring(0, line.indexOf('=')).trim();
                            if (key.startsWith("%")) {
                                reads.add(key.substring(key.indexOf('.') + 1));
                            } else {
                                reads.add(key);
                                valued.put(key, line.substring(line.indexOf('=') + 1).trim());
                            }
                        }
                    } else if (file.toString().endsWith(".java")) {
                        Matcher property = CONFIG_PROPERTY.matcher(text);
                        while (property.find()) {
                            reads.add(property.group(1));
                            if (property.group(2) == null && !property.group(3).startsWith("Optional")) {
                                needs.add(property.group(1));
                            }
                        }
                    }
                }
            }
        }
        needs.removeAll(valued.keySet());
        valued.forEach((key, value) -> {
            if (value.contains("localhost") || key.startsWith("quarkus.datasource.user")
                    || key.startsWith("quarkus.datasource.password")) {
                needs.add(key);
            }
        });
    }

    /** A setting's environment variable, as SmallRye Config maps it. */
    private static String env(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Properties serviceConfig(String name) {
        Properties config = new Properties();
        try (var in = Files.newBufferedReader(ROOT.resolve("services").resolve(name)
                .resolve("src/main/resources/application.properties"))) {
            config.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return config;
    }

    private static EventLimits eventLimits() throws Exception {
        EventLimits limits = new EventLimits();
        set(limits, "maxPayloadBytes", Integer.parseInt(defaultOf(EventLimits.class, "maxPayloadBytes")));
        set(limits, "topicRetention", Duration.parse(defaultOf(EventLimits.class, "topicRetention")));
        return limits;
    }

    private static String defaultOf(Class<?> type, String field) throws NoSuchFieldException {
        return type.getDeclaredField(field).getAnnotation(ConfigProperty.class).defaultValue();
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Field declared = target.getClass().getDeclaredField(field);
        declared.setAccessible(true);
        declared.set(target, value);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
    }

    private static List<String> withBoard() {
        List<String> names = new ArrayList<>(SERVICES);
        names.add("board");
        return names;
    }

    private static Container container(String deployment) {
        return named(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static int port(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " has no port " + name));
    }

    private static ConfigMap configMap(String name) {
        return named(ConfigMap.class, name);
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T named(Class<T> type, String name) {
        return resources(type).filter(r -> name.equals(r.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static <T> Stream<T> resources(Class<T> type) {
        return RESOURCES.stream().filter(type::isInstance).map(type::cast);
    }

    private static List<String> kustomizationResources() throws IOException {
        JsonNode kustomization = YAML.readTree(ROOT.resolve("deploy/kustomization.yaml").toFile());
        List<String> files = new ArrayList<>();
        kustomization.path("resources").forEach(file -> files.add(file.asText()));
        return files;
    }

    /** Fields a model kept aside because it has no such field: where a misspelt one ends up. */
    @SuppressWarnings("unchecked")
    private static void unknownFields(Object model, String path, List<String> found, Map<Object, Boolean> seen) {
        if (model == null || seen.put(model, true) != null) {
            return;
        }
        for (Class<?> type = model.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object value;
                try {
                    value = field.get(model);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties") && value instanceof Map<?, ?> extra) {
                    if (!extra.isEmpty()) {
                        found.add(path + ": " + extra.keySet());
                    }
                } else if (value instanceof Collection<?> items) {
                    items.forEach(item -> descend(item, path + "." + field.getName(), found, seen));
                } else if (value instanceof Map<?, ?> entries) {
                    ((Map<Object, Object>) entries).forEach((key, item) ->
                            descend(item, path + "." + field.getName() + "." + key, found, seen));
                } else {
                    descend(value, path + "." + field.getName(), found, seen);
                }
            }
        }
    }

    private static void descend(Object value, String path, List<String> found, Map<Object, Boolean> seen) {
        if (value != null && !value.getClass().isEnum() && (value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")
                || value.getClass().getName().startsWith("io.strimzi.api"))) {
            unknownFields(value, path, found, seen);
        }
    }

    /**
     * deploy/Containerfile builds what the manifests run: each image named is a service's Quarkus
     * application, copied from where the build leaves it, started with the JVM options the
     * manifests give, as a numeric non-root user (runAsNonRoot cannot check a user name).
     */
    @Test
    void theContainerfileBuildsTheImagesTheManifestsRunAsTheyRunThem() throws IOException {
        String containerfile = Files.readString(ROOT.resolve("deploy/Containerfile"));
        Matcher user = Pattern.compile("(?m)^USER (\\d+)").matcher(containerfile);
        assertTrue(user.find() && Integer.parseInt(user.group(1)) > 0, "a numeric non-root USER: " + containerfile);
        assertTrue(containerfile.contains("$JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"), containerfile);
        Matcher copied = Pattern.compile("(?m)^COPY \\S+ services/\\$\\{SERVICE}/target/quarkus-app/(\\S+) ")
                .matcher(containerfile);
        Set<String> parts = new TreeSet<>();
        while (copied.find()) {
            parts.add(copied.group(1));
        }
        assertEquals(Set.of("lib/", "quarkus/", "app/", "quarkus-run.jar"), parts, "the whole of quarkus-app");
        for (String name : withBoard()) {
            Container container = container(name);
            assertEquals("onetem/" + name, container.getImage().split(":")[0], name + "'s image");
            assertTrue(Files.readString(ROOT.resolve("services").resolve(name).resolve("pom.xml"))
                    .contains("quarkus-maven-plugin"), name + " is built as a Quarkus application");
            assertTrue(container.getEnv().stream().anyMatch(e -> e.getName().equals("JAVA_OPTS_APPEND")),
                    name + " gives the JVM's options the Containerfile passes on");
            assertTrue(named(Deployment.class, name).getSpec().getTemplate().getSpec().getSecurityContext()
                    .getRunAsNonRoot(), name + " runs as non-root");
        }
    }

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/kustomization.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("deploy/kustomization.yaml not found above " + Path.of("").toAbsolutePath());
    }
}
