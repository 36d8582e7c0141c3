package city.onetem.platform.testing.fuzz;

import static city.onetem.platform.testing.fuzz.Gen.weight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mutates a valid JSON body the way a fuzzer does: values swapped for other types, removed,
 * wrapped in arrays, nested thousands deep, injection and control strings, unicode, huge strings,
 * a wrong resourceType, FHIR's extension-only form of a value, unknown members, and text that is
 * not JSON at all. {@link #mutantsOf(String)} is a {@link Gen}: {@link Fuzz} draws its cases from
 * the run's seed, in a Quarkus test or a plain one, and the same seed gives the same bodies.
 */
public final class JsonMutator {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonMutator() {
    }

    /** Bodies made from {@code validJson} by one to three edits, sometimes followed by an edit of the text. */
    public static Gen<Mutant> mutantsOf(String validJson) {
        JsonNode base = read(validJson);
        Gen<List<Edit>> treeEdits = treeEdits().list(1, 3);
        Gen<Optional<Edit>> textEdit = textEdits().optional(0.15);
        return random -> {
            List<Edit> edits = new ArrayList<>(treeEdits.next(random));
            textEdit.next(random).ifPresent(edits::add);
            return apply(base, edits);
        };
    }

    /** The body {@code edits} make of {@code validJson}: what a failing case is reproduced with. */
    public static Mutant apply(String validJson, List<Edit> edits) {
        return apply(read(validJson), edits);
    }

    private static Mutant apply(JsonNode base, List<Edit> edits) {
        JsonNode root = base.deepCopy();
        List<String> applied = new ArrayList<>();
        List<Edit> textEdits = new ArrayList<>();
        for (Edit edit : edits) {
            if (edit.kind().isTextEdit()) {
                textEdits.add(edit);
            } else {
                applied.add(applyToTree(root, edit));
            }
        }
        String body = write(root);
        for (Edit edit : textEdits) {
            int position;
            switch (edit.kind()) {
                case TRUNCATE -> {
                    position = Math.floorMod(edit.target(), Math.max(body.length(), 1));
                    body = body.substring(0, position);
                    applied.add("cut the text at character " + position);
                }
                case INSERT_TEXT -> {
                    position = Math.floorMod(edit.target(), body.length() + 1);
                    body = body.substring(0, position) + edit.fragment() + body.substring(position);
                    applied.add("insert " + edit.family() + " " + edit.fragmentForReport() + " at character " + position);
                }
                case DUPLICATE_MEMBER -> {
                    List<String> names = new ArrayList<>();
                    root.fieldNames().forEachRemaining(names::add);
                    String name = names.isEmpty() ? "resourceType" : names.get(Math.floorMod(edit.target(), names.size()));
                    int brace = body.indexOf('{');
                    position = brace < 0 ? 0 : brace + 1;
                    body = body.substring(0, position) + quote(name) + ":" + edit.fragment() + ","
                            + body.substring(position);
                    applied.add("repeat member \"" + name + "\" with " + edit.family() + " " + edit.fragmentForReport());
                }
                case REPLACE_BODY -> {
                    body = edit.fragment();
                    applied.add("replace the whole body with " + edit.family() + " " + edit.fragmentForReport());
                }
                default -> throw new IllegalStateException(edit.kind().name());
            }
        }
        return new Mutant(body, List.copyOf(edits), List.copyOf(applied));
    }

    /** A node where an edit can land: the member or element of its parent. */
    private record Location(JsonNode parent, String field, int index, String pointer) {

        JsonNode node() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) parent).set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (field != null) {
                ((ObjectNode) parent).remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static String applyToTree(JsonNode root, Edit edit) {
        if (edit.kind() == Edit.Kind.RESOURCE_TYPE) {
            if (root instanceof ObjectNode object) {
                object.set("resourceType", raw(edit.fragment()));
            }
            return "set resourceType to " + edit.family() + " " + edit.fragmentForReport();
        }
        List<Location> locations = new ArrayList<>();
        collect(root, "", locations);
        if (edit.kind() == Edit.Kind.ADD_MEMBER) {
            List<JsonNode> objects = new ArrayList<>();
            if (root instanceof ObjectNode) {
                objects.add(root);
            }
            locations.stream().map(Location::node).filter(n -> n instanceof ObjectNode).forEach(objects::add);
            if (objects.isEmpty()) {
                return "no object to add member " + edit.fragmentForReport() + " to";
            }
            int colon = edit.fragment().indexOf("\":", 1);
            String name = edit.fragment().substring(1, colon);
            JsonNode value = raw(edit.fragment().substring(colon + 2));
            ObjectNode target = (ObjectNode) objects.get(Math.floorMod(edit.target(), objects.size()));
            target.set(name, value);
            return "add member " + edit.fragmentForReport() + " (" + edit.family() + ")";
        }
        if (edit.kind() == Edit.Kind.VALUE_AS_EXTENSION) {
            List<Location> primitives = locations.stream().filter(l -> l.field() != null && !l.field().startsWith("_")
                    && l.node().isValueNode() && !l.node().isNull() && !"resourceType".equals(l.field())).toList();
            if (primitives.isEmpty()) {
                return "no primitive member to give as an extension";
            }
            Location location = primitives.get(Math.floorMod(edit.target(), primitives.size()));
            ObjectNode parent = (ObjectNode) location.parent();
            parent.remove(location.field());
            parent.set("_" + location.field(), raw(edit.fragment()));
            return "replace " + location.pointer() + " by _" + location.field() + " " + edit.fragmentForReport();
        }
        if (locations.isEmpty()) {
            return "nothing to " + edit.kind().name().toLowerCase() + " in an empty body";
        }
        Location location = locations.get(Math.floorMod(edit.target(), locations.size()));
        JsonNode node = location.node();
        switch (edit.kind()) {
            case REPLACE -> {
                location.set(raw(edit.fragment()));
                return "replace " + location.pointer() + " with " + edit.family() + " " + edit.fragmentForReport();
            }
            case REMOVE -> {
                location.remove();
                return "remove " + location.pointer();
            }
            case WRAP_IN_ARRAY -> {
                location.set(NODES.arrayNode().add(node));
                return "wrap " + location.pointer() + " in an array";
            }
            case UNWRAP -> {
                JsonNode inner = node.isContainerNode() && node.size() > 0 ? node.elements().next()
                        : node.isArray() ? NODES.objectNode() : NODES.arrayNode();
                location.set(inner);
                return "unwrap " + location.pointer() + " to " + (node.isContainerNode() && node.size() > 0
                        ? "its first value" : "an empty " + (node.isArray() ? "object" : "array"));
            }
            default -> throw new IllegalStateException(edit.kind().name());
        }
    }

    private static void collect(JsonNode node, String pointer, List<Location> into) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = pointer + "/" + field.getKey();
                into.add(new Location(object, field.getKey(), -1, path));
                collect(field.getValue(), path, into);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String path = pointer + "/" + i;
                into.add(new Location(array, null, i, path));
                collect(array.get(i), path, into);
            }
        }
    }

    // --- what the edits put in ---------------------------------------------------------------

    static Gen<Edit> treeEdits() {
        Gen<Integer> target = Gen.between(0, Integer.MAX_VALUE);
        return Gen.frequency(
                weight(8, replace(target, "another type", Fragments.otherTypes())),
                weight(2, replace(target, "deep nesting", Fragments.deepNesting())),
                weight(4, replace(target, "injection", Fragments.injections())),
                weight(2, replace(target, "control characters", Fragments.controlCharacters())),
                weight(4, replace(target, "unicode", Fragments.unicode())),
                weight(1, replace(target, "huge", Fragments.huge())),
                weight(2, replace(target, "number", Fragments.numbers())),
                weight(3, replace(target, "near miss", Fragments.nearMisses())),
                weight(5, target.map(t -> new Edit(Edit.Kind.REMOVE, t, "", "removal"))),
                weight(3, target.map(t -> new Edit(Edit.Kind.WRAP_IN_ARRAY, t, "", "array"))),
                weight(2, target.map(t -> new Edit(Edit.Kind.UNWRAP, t, "", "unwrapping"))),
                weight(4, edit(Edit.Kind.VALUE_AS_EXTENSION, target, "extension-only value", Fragments.primitiveExtensions())),
                weight(2, Fragments.resourceTypes().map(f -> new Edit(Edit.Kind.RESOURCE_TYPE, 0, f, "resourceType"))),
                weight(2, edit(Edit.Kind.ADD_MEMBER, target, "unknown or misplaced member",
                        random -> quote(Fragments.memberNames().next(random)) + ":" + Fragments.otherTypes().next(random))));
    }

    static Gen<Edit> textEdits() {
        Gen<Integer> target = Gen.between(0, Integer.MAX_VALUE);
        return Gen.frequency(
                weight(2, target.map(t -> new Edit(Edit.Kind.TRUNCATE, t, "", "truncation"))),
                weight(3, edit(Edit.Kind.INSERT_TEXT, target, "stray text", Fragments.strayText())),
                weight(2, edit(Edit.Kind.DUPLICATE_MEMBER, target, "another type", Fragments.otherTypes())),
                weight(2, Fragments.notJson().map(f -> new Edit(Edit.Kind.REPLACE_BODY, 0, f, "not a resource"))));
    }

    private static Gen<Edit> replace(Gen<Integer> target, String family, Gen<String> fragments) {
        return edit(Edit.Kind.REPLACE, target, family, fragments);
    }

    private static Gen<Edit> edit(Edit.Kind kind, Gen<Integer> target, String family, Gen<String> fragments) {
        return random -> new Edit(kind, target.next(random), fragments.next(random), family);
    }

    // --- JSON ----------------------------------------------------------------------------------

    /** A JSON string literal; every non-ASCII, control or surrogate character escaped, so lone surrogates survive. */
    public static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static JsonNode raw(String json) {
        return NODES.rawValueNode(new RawValue(json));
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The body to mutate must be valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(JsonNode root) {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
