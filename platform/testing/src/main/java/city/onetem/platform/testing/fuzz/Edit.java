package city.onetem.platform.testing.fuzz;

/**
 * One change a fuzzer makes to a valid JSON body. Tree edits address a node by {@code target},
 * taken modulo the nodes the body has when the edit is applied, so any int names some node and
 * the same edits on the same body always give the same result.
 *
 * @param kind what is done
 * @param target which node (or, for text edits, which character position)
 * @param fragment JSON text put in (a value, a member name for {@link Kind#ADD_MEMBER}, the raw text for text edits)
 * @param family what the fragment is, for the report: "another type", "deep nesting", "injection", ...
 */
public record Edit(Kind kind, int target, String fragment, String family) {

    public enum Kind {
        /** The node's value becomes {@code fragment}, whatever type either is. */
        REPLACE,
        /** An object member or array element is removed. */
        REMOVE,
        /** The node's value is put in an array: x becomes [x]. */
        WRAP_IN_ARRAY,
        /** An array becomes its first element (or an empty object), an object becomes one of its values. */
        UNWRAP,
        /** A primitive member x is replaced by FHIR's extension-only form _x, with no value. */
        VALUE_AS_EXTENSION,
        /** The root's resourceType becomes {@code fragment}. */
        RESOURCE_TYPE,
        /** An object gets a member named by {@code fragment}'s first line, with the rest as its value. */
        ADD_MEMBER,
        /** Text edit: the body is cut at the target position. */
        TRUNCATE,
        /** Text edit: {@code fragment} is inserted at the target position. */
        INSERT_TEXT,
        /** Text edit: a member of the root object is repeated with another value (JSON trees cannot hold it). */
        DUPLICATE_MEMBER,
        /** Text edit: the whole body becomes {@code fragment}. */
        REPLACE_BODY;

        public boolean isTextEdit() {
            return ordinal() >= TRUNCATE.ordinal();
        }
    }

    /** A short form for reports: long fragments are cut to their start and length. */
    public String fragmentForReport() {
        String shown = fragment.length() <= 80 ? fragment
                : fragment.substring(0, 60) + "...(" + fragment.length() + " characters)";
        StringBuilder printable = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff)) {
                printable.append(String.format("<U+%04X>", c));
            } else {
                printable.appendCodePoint(c);
            }
        });
        return printable.toString();
    }
}
