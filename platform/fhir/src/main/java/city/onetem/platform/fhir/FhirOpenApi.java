package city.onetem.platform.fhir;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.hl7.fhir.r4.model.ResourceType;

/**
 * The OpenAPI document (/q/openapi) as a FHIR client needs it. The scanner would describe HAPI's
 * Java classes (their getters, not FHIR JSON): each FHIR resource is described instead by its
 * resourceType and a link to its R4 definition, any resource as "Resource", and every FHIR
 * operation says that a refusal is an OperationOutcome. Profiles, search parameters and
 * operations in full: the CapabilityStatement (GET /fhir/metadata).
 */
public class FhirOpenApi implements OASFilter {

    private static final String SCHEMAS = "#/components/schemas/";
    /** HAPI's names for "any resource". */
    private static final Set<String> ANY_RESOURCE = Set.of("IBaseResource", "IAnyResource", "IResource",
            "DomainResource", "Resource");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null || api.getComponents().getSchemas() == null || api.getPaths() == null) {
            return;
        }
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        Set<String> used = new HashSet<>();
        api.getPaths().getPathItems().forEach((path, item) -> operations(item).forEach(operation -> {
            if (path.startsWith("/fhir")) {
                refusedWithOperationOutcome(operation);
            }
            if (operation.getRequestBody() != null) {
                schemasOf(operation.getRequestBody().getContent()).forEach(schema -> collect(schema, used));
            }
            if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
                operation.getResponses().getAPIResponses().values().forEach(
                        response -> schemasOf(response.getContent()).forEach(schema -> collect(schema, used)));
            }
        }));
        // What the service's own JSON types (not FHIR's) refer to, to their leaves.
        Deque<String> open = new ArrayDeque<>(used);
        while (!open.isEmpty()) {
            String name = open.pop();
            Schema schema = schemas.get(name);
            if (schema != null && !isFhir(name)) {
                Set<String> found = new HashSet<>();
                children(schema).forEach(child -> collect(child, found));
                found.stream().filter(used::add).forEach(open::push);
            }
        }
        used.add("OperationOutcome");
        Map<String, Schema> kept = new java.util.TreeMap<>();
        for (String name : used) {
            if (isFhir(name)) {
                kept.put(name, fhirResource(name));
            } else if (schemas.containsKey(name)) {
                kept.put(name, schemas.get(name));
            }
        }
        api.getComponents().setSchemas(kept);
    }

    /** Adds every name this schema refers to (directly, or through arrays and maps), HAPI's "any" made "Resource". */
    private static void collect(Schema schema, Set<String> names) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null && schema.getRef().startsWith(SCHEMAS)) {
            String name = schema.getRef().substring(SCHEMAS.length());
            if (ANY_RESOURCE.contains(name)) {
                name = "Resource";
                schema.setRef(SCHEMAS + name);
            }
            names.add(name);
            return;
        }
        children(schema).forEach(child -> collect(child, names));
    }

    private static Stream<Schema> children(Schema schema) {
        return Stream.of(schema.getProperties() == null ? Stream.<Schema>empty()
                : schema.getProperties().values().stream(), Stream.of(schema.getItems(), schema.getAdditionalPropertiesSchema()),
                Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()).filter(Objects::nonNull)
                        .flatMap(List::stream))
                .flatMap(s -> s).filter(Objects::nonNull);
    }

    private static Stream<Schema> schemasOf(Content content) {
        if (content == null || content.getMediaTypes() == null) {
            return Stream.empty();
        }
        return content.getMediaTypes().values().stream().map(media -> media.getSchema()).filter(Objects::nonNull);
    }

    private static Stream<Operation> operations(PathItem item) {
        return item.getOperations() == null ? Stream.empty() : item.getOperations().values().stream();
    }

    private static boolean isFhir(String name) {
        if ("Resource".equals(name)) {
            return true;
        }
        try {
            ResourceType.fromCode(name);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A FHIR resource in JSON, by its type; its elements are the R4 specification's, profiled as the CapabilityStatement says. */
    private static Schema fhirResource(String name) {
        boolean any = "Resource".equals(name);
        Schema resourceType = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        if (!any) {
            resourceType.addEnumeration(name);
        }
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description((any ? "Any FHIR R4 resource" : "A FHIR R4 " + name) + " in JSON (application/fhir+json)."
                        + " Profiles and search parameters: the CapabilityStatement, GET /fhir/metadata.")
                .addRequired("resourceType").addProperty("resourceType", resourceType)
                .externalDocs(OASFactory.createExternalDocumentation().url("https://hl7.org/fhir/R4/"
                        + (any ? "resource" : name.toLowerCase(Locale.ROOT)) + ".html"));
    }

    /** Every FHIR interaction here answers a refusal with an OperationOutcome saying what to change. */
    private static void refusedWithOperationOutcome(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getDefaultValue() != null) {
            return;
        }
        Schema outcome = OASFactory.createSchema().ref(SCHEMAS + "OperationOutcome");
        operation.getResponses().setDefaultValue(OASFactory.createAPIResponse()
                .description("Refused or failed: an OperationOutcome saying what was wrong and what to do")
                .content(OASFactory.createContent().addMediaType(FhirMediaType.FHIR_JSON,
                        OASFactory.createMediaType().schema(outcome))));
    }
}
