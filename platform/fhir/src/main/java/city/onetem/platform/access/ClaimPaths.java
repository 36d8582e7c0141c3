package city.onetem.platform.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads a claim by a '/' path through nested objects; a path through an array takes each
 * element's value, so "nhsid_nrbac_roles/role_code" gives every role code of a CIS2 token.
 */
final class ClaimPaths {

    private ClaimPaths() {
    }

    static List<Object> values(Map<String, Object> claims, String path) {
        List<Object> found = new ArrayList<>();
        collect(claims, path.split("/"), 0, found);
        return found;
    }

    private static void collect(Object node, String[] path, int step, List<Object> found) {
        if (node instanceof Collection<?> elements) {
            elements.forEach(element -> collect(element, path, step, found));
        } else if (step == path.length) {
            if (node != null) {
                found.add(node);
            }
        } else if (node instanceof Map<?, ?> object) {
            collect(object.get(path[step]), path, step + 1, found);
        }
    }
}
