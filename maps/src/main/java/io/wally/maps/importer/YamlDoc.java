package io.wally.maps.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into a Jackson tree that remembers the line of every field and array element,
 * so importers can say "house.yaml line 14: …". Package-private helper of the importers.
 */
final class YamlDoc {

    /** Largest map YAML read, bytes. */
    static final long MAX_BYTES = SafeYaml.MAX_MAP_FILE_BYTES;
    private static final YAMLFactory YAML = SafeYaml.factory(MAX_BYTES);

    private final Path file;
    private final JsonNode root;
    private final Map<JsonNode, Map<String, Integer>> fieldLines = new IdentityHashMap<>();
    private final Map<JsonNode, List<Integer>> elementLines = new IdentityHashMap<>();
    private final Map<JsonNode, Integer> containerLines = new IdentityHashMap<>();

    private YamlDoc(Path file, JsonParser parser) throws IOException {
        this.file = file;
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new MapFormatException(file, "", "the file is empty");
        }
        this.root = read(parser, first);
    }

    /**
     * Reads {@code file}; a missing, unreadable or malformed file, or one over the {@link SafeYaml} limits
     * (16 MiB, nesting, duplicate keys, anchors and aliases), gets a {@link MapFormatException} with the line.
     */
    static YamlDoc read(Path file) {
        String text;
        try {
            text = SafeYaml.read(file, MAX_BYTES);
        } catch (NoSuchFileException e) {
            throw new MapFormatException(file, "", "no such file");
        } catch (SafeYaml.YamlException e) {
            throw new MapFormatException(file, e.line() > 0 ? "line " + e.line() : "",
                    e.syntax() ? "not valid YAML: " + e.getMessage() : e.getMessage(), e);
        } catch (IOException e) {
            throw new MapFormatException(file, "", "cannot read: " + e.getMessage(), e);
        }
        try (JsonParser parser = YAML.createParser(text)) {
            return new YamlDoc(file, parser);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new MapFormatException(file, line > 0 ? "line " + line : "", "not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MapFormatException(file, "", "cannot read: " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    /** "line N" of field {@code name} in {@code object}, or of the object itself when the field is absent. */
    String where(JsonNode object, String name) {
        Map<String, Integer> lines = fieldLines.get(object);
        Integer line = lines == null ? null : lines.get(name);
        if (line == null) {
            line = containerLines.get(object);
        }
        return line == null ? "" : "line " + line;
    }

    /** "line N" of element {@code index} of {@code array}. */
    String where(JsonNode array, int index) {
        List<Integer> lines = elementLines.get(array);
        return lines == null || index >= lines.size() ? "" : "line " + lines.get(index);
    }

    /** "line N" where {@code container} (an object or array) starts. */
    String where(JsonNode container) {
        Integer line = containerLines.get(container);
        return line == null ? "" : "line " + line;
    }

    MapFormatException error(String where, String what) {
        return new MapFormatException(file, where, what);
    }

    private JsonNode read(JsonParser p, JsonToken token) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        int line = p.currentTokenLocation().getLineNr();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = f.objectNode();
                containerLines.put(object, line);
                Map<String, Integer> lines = new HashMap<>();
                fieldLines.put(object, lines);
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String name = p.currentName();
                    lines.put(name, p.currentTokenLocation().getLineNr());
                    JsonToken value = p.nextToken();
                    object.set(name, read(p, value));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = f.arrayNode();
                containerLines.put(array, line);
                List<Integer> lines = new ArrayList<>();
                elementLines.put(array, lines);
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    lines.add(p.currentTokenLocation().getLineNr());
                    array.add(read(p, t));
                }
                return array;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return f.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return f.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return f.booleanNode(false);
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> throw new MapFormatException(file, "line " + line, "unexpected YAML token " + token);
        }
    }

    // ---- typed field access with errors that name the line ----

    JsonNode requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw error(node == null ? "" : where(node), what + " must be a mapping");
        }
        return node;
    }

    boolean has(JsonNode object, String name) {
        JsonNode v = object.get(name);
        return v != null && !v.isNull();
    }

    String requireText(JsonNode object, String name) {
        JsonNode v = object.get(name);
        if (v == null || v.isNull()) {
            throw error(where(object, name), "missing '" + name + "'");
        }
        if (!v.isValueNode()) {
            throw error(where(object, name), "'" + name + "' must be a text value");
        }
        return v.asText();
    }

    double requireNumber(JsonNode object, String name) {
        JsonNode v = object.get(name);
        if (v == null || v.isNull()) {
            throw error(where(object, name), "missing '" + name + "'");
        }
        return number(v, where(object, name), "'" + name + "'");
    }

    double optionalNumber(JsonNode object, String name, double fallback) {
        return has(object, name) ? requireNumber(object, name) : fallback;
    }

    double number(JsonNode v, String where, String what) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw error(where, what + " must be a number; was '" + v.asText() + "'");
    }
}
