package io.backstop.gateway.docs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.backstop.contracts.Json;

/**
 * The one public API document: the gateway's own endpoints and every service's, as a client of the gateway sees
 * them. Keys are sorted at every level, so the same API always gives the same bytes and docs/openapi.json diffs
 * show only what changed.
 *
 * <p>Two services may name different schemas alike (each names its records by simple name): the later one's is
 * renamed after its service, with every reference in its document, rather than one silently replacing the other.
 */
final class MergedDocument {

    static final String TITLE = "Backstop API";
    static final String DESCRIPTION = "The public API of Backstop, as served by the admin gateway: the catalog, its"
            + " audit trail with rollback, backups and restores, the operations lock and its event stream, login."
            + " Every error is an RFC 9457 problem (the Problem schema; each type is documented in docs/problems.md)."
            + " Authenticate with HTTP Basic, or with the session of POST /login (then send the XSRF-TOKEN cookie's"
            + " value as X-XSRF-TOKEN on writes).";

    private MergedDocument() {}

    /**
     * @param gateway  the gateway's own document
     * @param services each service's document by a name to rename its clashing schemas after ("catalog")
     * @throws IllegalStateException when two documents define the same operation (a route would shadow the other)
     */
    static ObjectNode merge(ObjectNode gateway, Map<String, ObjectNode> services) {
        ObjectNode merged = Json.MAPPER.createObjectNode();
        merged.put("openapi", "3.1.0");
        ObjectNode info = merged.putObject("info");
        info.put("title", TITLE);
        info.put("description", DESCRIPTION);
        info.put("version", gateway.path("info").path("version").asString("1"));
        merged.putArray("servers")
                .addObject()
                .put("url", ServiceDocs.GATEWAY_URL)
                .put("description", ServiceDocs.GATEWAY);
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = merged.putObject("components");
        Map<String, JsonNode> tags = new LinkedHashMap<>();
        Map<String, ObjectNode> all = new LinkedHashMap<>();
        all.put(ServiceDocs.GATEWAY, gateway);
        all.putAll(services);
        all.forEach((name, document) -> {
            ObjectNode doc = document.deepCopy();
            renameClashes(name, doc, components);
            mergeComponents(doc.path("components"), components);
            mergePaths(name, doc.path("paths"), paths);
            doc.path("tags").forEach(tag -> tags.putIfAbsent(tag.path("name").asString(), tag));
        });
        if (!tags.isEmpty()) {
            ArrayNode tagList = merged.putArray("tags");
            new TreeMap<>(tags).values().forEach(tagList::add);
        }
        return (ObjectNode) sorted(merged);
    }

    private static void renameClashes(String owner, ObjectNode doc, ObjectNode components) {
        for (String section : sectionNames(doc.path("components"))) {
            JsonNode mine = doc.path("components").path(section);
            JsonNode theirs = components.path(section);
            for (String name : new ArrayList<>(mine.propertyNames())) {
                if (theirs.has(name) && !theirs.get(name).equals(mine.get(name))) {
                    String renamed = Character.toUpperCase(owner.charAt(0)) + owner.substring(1) + name;
                    ((ObjectNode) mine).set(renamed, ((ObjectNode) mine).remove(name));
                    rewriteRefs(doc, "#/components/" + section + "/" + name, "#/components/" + section + "/" + renamed);
                }
            }
        }
    }

    private static void rewriteRefs(JsonNode node, String from, String to) {
        if (node instanceof ObjectNode object) {
            if (from.equals(object.path("$ref").asString(null))) {
                object.put("$ref", to);
            }
            object.values().forEach(child -> rewriteRefs(child, from, to));
        } else if (node instanceof ArrayNode array) {
            array.values().forEach(child -> rewriteRefs(child, from, to));
        }
    }

    private static void mergeComponents(JsonNode from, ObjectNode into) {
        for (String section : sectionNames(from)) {
            ObjectNode target = into.has(section) ? (ObjectNode) into.get(section) : into.putObject(section);
            from.get(section).properties().forEach(e -> target.set(e.getKey(), e.getValue()));
        }
    }

    private static void mergePaths(String owner, JsonNode from, ObjectNode into) {
        from.properties().forEach(path -> {
            ObjectNode target =
                    into.has(path.getKey()) ? (ObjectNode) into.get(path.getKey()) : into.putObject(path.getKey());
            path.getValue().properties().forEach(operation -> {
                if (target.has(operation.getKey())) {
                    throw new IllegalStateException(
                            owner + " documents " + operation.getKey().toUpperCase() + " " + path.getKey()
                                    + ", which another document has already");
                }
                target.set(operation.getKey(), operation.getValue());
            });
        });
    }

    private static List<String> sectionNames(JsonNode components) {
        List<String> names = new ArrayList<>();
        components.properties().forEach(e -> {
            if (e.getValue().isObject()) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    /** The same tree with every object's keys in natural order. */
    static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = Json.MAPPER.createObjectNode();
            TreeMap<String, JsonNode> keys = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                keys.put(e.getKey(), sorted(e.getValue()));
            }
            keys.forEach(copy::set);
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            array.values().forEach(child -> copy.add(sorted(child)));
            return copy;
        }
        return node;
    }
}
