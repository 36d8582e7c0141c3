package city.onetem.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The published catalogue (docs/asyncapi.yaml, and docs/events.md in prose) names exactly the
 * event types and topics the code publishes: an integrator building a consumer from it meets no
 * event it was not told of.
 */
class EventCatalogueTest {

    private static final Path DOCS = docs();

    @Test
    void theAsyncApiDocumentHasEveryEventTypeAndTopicAndNoOther() throws IOException {
        JsonNode api = new ObjectMapper(new YAMLFactory()).readTree(DOCS.resolve("asyncapi.yaml").toFile());
        assertEquals("3.0.0", api.path("asyncapi").asText());
        Set<String> messages = new TreeSet<>();
        api.path("components").path("messages").fieldNames().forEachRemaining(messages::add);
        assertEquals(eventTypes(), messages, "components.messages against EventTypes");

        Set<String> addresses = new TreeSet<>();
        List<String> inChannels = new ArrayList<>();
        api.path("channels").forEach(channel -> {
            addresses.add(channel.path("address").asText());
            channel.path("messages").fieldNames().forEachRemaining(inChannels::add);
        });
        assertEquals(new TreeSet<>(Topics.ALL), addresses, "channel addresses against Topics.ALL");
        assertEquals(eventTypes(), new TreeSet<>(inChannels), "every type on a channel");
        assertEquals(inChannels.size(), new TreeSet<>(inChannels).size(), "each type on one channel only");

        api.path("components").path("messages").fields().forEachRemaining(message -> {
            String resource = message.getValue().path("payload").path("properties").path("resourceType")
                    .path("const").asText();
            assertTrue(Arrays.stream(ResourceType.values()).anyMatch(type -> type.name().equals(resource)),
                    message.getKey() + " carries a FHIR R4 resource, not '" + resource + "'");
        });
    }

    @Test
    void theProseCatalogueListsEveryEventType() throws IOException {
        String events = Files.readString(DOCS.resolve("events.md"));
        Set<String> missing = eventTypes().stream().filter(type -> !events.contains("| `" + type + "` |"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), missing, "types without a row in docs/events.md");
    }

    private static Set<String> eventTypes() {
        Set<String> types = new TreeSet<>();
        for (Field field : EventTypes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    types.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return types;
    }

    private static Path docs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/asyncapi.yaml"))) {
                return dir.resolve("docs");
            }
        }
        throw new IllegalStateException("docs/asyncapi.yaml not found above " + Path.of("").toAbsolutePath());
    }
}
