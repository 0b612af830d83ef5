package io.wally.runtime.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.wally.maps.importer.SafeYaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a {@link WallyConfig} from YAML: the file's keys over the built-in defaults, bound strictly
 * (unknown keys, wrong types, missing required keys are errors) and then range-checked. Every problem
 * becomes a line of a {@link ConfigException} naming the file and the key path.
 */
public final class ConfigLoader {

    private static final String DEFAULTS = "/io/wally/runtime/config/defaults.yaml";
    /** Largest configuration file read, bytes; wally's own are under 4 KiB. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;
    /** Keys whose values are file system paths, resolved against the directory of the file. */
    private static final List<String> PATH_KEYS =
            List.of("map.file", "store.dir", "mqtt.tls.caFile", "mqtt.tls.certFile", "mqtt.tls.keyFile",
                    "mqtt.secretsFile");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
    private static final Pattern MISSING_PROPERTY = Pattern.compile("Missing (?:required )?creator property '([^']+)'");

    private final ObjectMapper yaml;

    public ConfigLoader() {
        yaml = new ObjectMapper(SafeYaml.factory(MAX_FILE_BYTES))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // "50" is not a number in our files: a quoted number is almost always a mistake.
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            yaml.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
    }

    /**
     * Loads and validates {@code file}; throws {@link ConfigException} naming file and key on any problem.
     * The file is read with the {@link SafeYaml} limits: at most {@link #MAX_FILE_BYTES} (checked before
     * reading), {@value SafeYaml#MAX_NESTING_DEPTH} levels, no duplicate keys, no anchors or aliases.
     */
    public WallyConfig load(Path file) {
        String source = file.toString();
        JsonNode user;
        try {
            user = yaml.readTree(SafeYaml.read(file, MAX_FILE_BYTES));
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(source + ": no such file"));
        } catch (SafeYaml.YamlException e) {
            throw new ConfigException(List.of(source + ": " + (e.syntax()
                    ? "not valid YAML" + (e.line() > 0 ? " at line " + e.line() + ", column " + e.column() : "") + ": " + e.getMessage()
                    : (e.line() > 0 ? "line " + e.line() + ": " : "") + e.getMessage())));
        } catch (JacksonException e) {
            // SafeYaml.read walked the same text with the same limits: this is a backstop, without a crash
            // when the exception carries no location.
            JsonLocation at = e.getLocation();
            throw new ConfigException(List.of(source + ": not valid YAML"
                    + (at != null && at.getLineNr() > 0 ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : "")
                    + ": " + firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ConfigException(List.of(source + ": cannot read (" + e.getMessage() + ")"));
        }
        if (user == null || user.isMissingNode() || user.isNull()) {
            user = yaml.createObjectNode();
        }
        if (!user.isObject()) {
            throw new ConfigException(List.of(source + ": must be a YAML mapping of keys; was " + user.getNodeType()));
        }
        ObjectNode merged = defaults();
        merge(merged, (ObjectNode) user);
        resolvePaths(merged, file.toAbsolutePath().getParent());
        WallyConfig config = bind(merged, source);
        List<String> problems = new ConfigValidator(source).validate(config);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /**
     * The built-in defaults alone, with robot id {@code robotId} (the one key without a default): what a
     * file holding only {@code robot.id} would give, relative paths left as written.
     */
    public WallyConfig loadDefaults(String robotId) {
        ObjectNode merged = defaults();
        merged.withObject("/robot").put("id", robotId);
        return bind(merged, "built-in defaults");
    }

    private ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            return (ObjectNode) yaml.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("built-in defaults " + DEFAULTS + " unreadable", e);
        }
    }

    private WallyConfig bind(ObjectNode tree, String source) {
        try {
            return yaml.treeToValue(tree, WallyConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String key = pathOf(e);
            TreeSet<String> known = new TreeSet<>();
            e.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            throw new ConfigException(List.of(source + ": " + key + " is not a known key (known here: "
                    + String.join(", ", known) + ")"));
        } catch (MismatchedInputException e) {
            // Covers wrong types, refused coercions, bad enum values and missing required keys alike:
            // the tree tells which it was.
            String key = pathOf(e);
            Matcher missing = MISSING_PROPERTY.matcher(e.getOriginalMessage());
            if (missing.find() && !key.equals(missing.group(1)) && !key.endsWith("." + missing.group(1))) {
                key = key.isEmpty() ? missing.group(1) : key + "." + missing.group(1);
            }
            JsonNode value = at(tree, key);
            if (value.isMissingNode()) {
                throw new ConfigException(List.of(source + ": " + key + " is required but missing"));
            }
            throw new ConfigException(List.of(source + ": " + key + " must be " + describe(e.getTargetType())
                    + "; was " + (value.isValueNode() ? value.toString() : "a " + value.getNodeType().toString().toLowerCase(Locale.ROOT))));
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConfigException(List.of(source + ": " + pathOf(e) + ": " + cause.getMessage()));
        } catch (JacksonException e) {
            throw new ConfigException(List.of(source + ": " + e.getOriginalMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Overlays {@code user} onto {@code base}: mappings merge key by key, anything else replaces. */
    private static void merge(ObjectNode base, ObjectNode user) {
        for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode existing = base.get(entry.getKey());
            if (existing instanceof ObjectNode baseChild && entry.getValue() instanceof ObjectNode userChild) {
                merge(baseChild, userChild);
            } else {
                base.set(entry.getKey(), entry.getValue());
            }
        }
    }

    private static void resolvePaths(ObjectNode tree, Path baseDir) {
        for (String key : PATH_KEYS) {
            String[] parts = key.split("\\.");
            JsonNode parent = tree;
            for (int i = 0; i < parts.length - 1 && parent != null; i++) {
                parent = parent.get(parts[i]);
            }
            if (parent instanceof ObjectNode object && object.get(parts[parts.length - 1]) instanceof TextNode text) {
                object.set(parts[parts.length - 1], TextNode.valueOf(resolve(text.asText(), baseDir).toString()));
            }
        }
    }

    /** Resolves {@code ~} to the home directory and a relative path against {@code baseDir}. */
    static Path resolve(String value, Path baseDir) {
        if (value.equals("~") || value.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + value.substring(1)).normalize();
        }
        Path path = Path.of(value);
        return path.isAbsolute() || baseDir == null ? path.normalize() : baseDir.resolve(path).normalize();
    }

    /** The node at a dotted key path such as {@code sensors.rangers[1].name}, or a missing node. */
    private static JsonNode at(JsonNode tree, String key) {
        JsonNode node = tree;
        for (String part : key.split("\\.")) {
            int bracket = part.indexOf('[');
            String field = bracket < 0 ? part : part.substring(0, bracket);
            if (!field.isEmpty()) {
                node = node.path(field);
            }
            for (Matcher index = INDEX.matcher(part); index.find(); ) {
                node = node.path(Integer.parseInt(index.group(1)));
            }
        }
        return node;
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
            }
            return "one of " + names;
        }
        if (type.isRecord()) {
            return "a mapping of keys";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a " + type.getSimpleName();
    }
}
