package io.wally.runtime.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.wally.runtime.command.MapEdit;
import java.util.Locale;

/**
 * Turns a request payload into a {@link Request} or a {@link Rejection} naming the field and what is
 * wrong. Pure: no I/O, no state; safe on any thread.
 */
final class RequestDecoder {

    /** The commands there are, as in {@code wally/<id>/cmd/<command>}. */
    static final java.util.List<String> COMMANDS = java.util.List.of("plan", "goto", "stop", "map", "status");

    /** A request that failed to decode; {@code id} and {@code replyTo} are null when they could not be read. */
    static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;
        final transient JsonNode id;
        final String replyTo;
        final String code;

        Rejection(JsonNode id, String replyTo, String code, String message) {
            super(message, null, false, false);
            this.id = id;
            this.replyTo = replyTo;
            this.code = code;
        }
    }

    /** A decoded request: exactly one of the command fields is meaningful, by {@code command}. */
    record Request(JsonNode id, String replyTo, String command, String from, String to, String algorithm,
            String target, String reason, MapEdit edit) {
    }

    private final ObjectMapper json;

    RequestDecoder(ObjectMapper json) {
        this.json = json;
    }

    Request decode(String command, byte[] payload, int maxPayloadBytes) throws Rejection {
        if (payload.length > maxPayloadBytes) {
            throw new Rejection(null, null, "too_large", "payload of " + payload.length
                    + " bytes exceeds mqtt.maxPayloadBytes " + maxPayloadBytes);
        }
        JsonNode root;
        try {
            root = payload.length == 0 ? null : json.readTree(payload);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new Rejection(null, null, "bad_json", "payload is not valid JSON: " + firstLine(e.getMessage()));
        } catch (java.io.IOException e) {
            throw new Rejection(null, null, "bad_json", "payload is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new Rejection(null, null, "bad_json", "payload must be a JSON object like {\"id\": \"1\", …}; was "
                    + (root == null ? "empty" : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        String replyTo = null;
        JsonNode replyNode = root.get("replyTo");
        JsonNode idNode = root.get("id");
        JsonNode id = idNode != null && (idNode.isTextual() || idNode.isIntegralNumber()) ? idNode : null;
        if (replyNode != null && !replyNode.isNull()) {
            if (!replyNode.isTextual()) {
                throw new Rejection(id, null, "bad_request", "field 'replyTo' must be a topic string");
            }
            String why = MqttTopics.whyNotPublishable(replyNode.asText());
            if (why != null) {
                throw new Rejection(id, null, "bad_request", "field 'replyTo' " + why);
            }
            replyTo = replyNode.asText();
        }
        if (idNode == null || idNode.isNull()) {
            throw new Rejection(null, replyTo, "bad_request", "missing field 'id' (a string or an integer)");
        }
        if (id == null) {
            throw new Rejection(null, replyTo, "bad_request", "field 'id' must be a string or an integer; was "
                    + idNode.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        Fields f = new Fields(root, id, replyTo);
        return switch (command) {
            case "plan" -> new Request(id, replyTo, command, f.optionalPlace("from"), f.place("to"),
                    f.optionalText("algorithm", "astar"), null, null, null);
            case "goto" -> new Request(id, replyTo, command, null, null, null, f.target(), null, null);
            case "stop" -> new Request(id, replyTo, command, null, null, null, null,
                    f.optionalText("reason", "stop requested over MQTT"), null);
            case "map" -> new Request(id, replyTo, command, null, null, null, null, null, f.edit());
            case "status" -> new Request(id, replyTo, command, null, null, null, null, null, null);
            default -> throw new Rejection(id, replyTo, "unknown_command", "unknown command '" + command
                    + "'; known: " + String.join(", ", COMMANDS));
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Field access with errors that name the field. */
    private record Fields(JsonNode root, JsonNode id, String replyTo) {

        Rejection bad(String message) {
            return new Rejection(id, replyTo, "bad_request", message);
        }

        String text(String name) throws Rejection {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                throw bad("missing field '" + name + "'");
            }
            if (!node.isTextual() || node.asText().isBlank()) {
                throw bad("field '" + name + "' must be a non-empty string");
            }
            return node.asText();
        }

        String optionalText(String name, String fallback) throws Rejection {
            JsonNode node = root.get(name);
            return node == null || node.isNull() ? fallback : text(name);
        }

        /** A place: a node name, a numeric node id, or "x,y" in metres. */
        String place(String name) throws Rejection {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                throw bad("missing field '" + name + "'");
            }
            if (node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= 0) {
                return Integer.toString(node.asInt());
            }
            if (node.isTextual() && !node.asText().isBlank()) {
                return node.asText();
            }
            throw bad("field '" + name + "' must be a node name, a node id >= 0, or \"x,y\"");
        }

        String optionalPlace(String name) throws Rejection {
            JsonNode node = root.get(name);
            return node == null || node.isNull() ? null : place(name);
        }

        float number(String name) throws Rejection {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                throw bad("missing field '" + name + "'");
            }
            if (!node.isNumber() || !Float.isFinite(node.floatValue())) {
                throw bad("field '" + name + "' must be a finite number");
            }
            return node.floatValue();
        }

        float weight(String name) throws Rejection {
            float w = number(name);
            if (w < 0) {
                throw bad("field '" + name + "' must be >= 0; was " + w);
            }
            return w;
        }

        boolean flag(String name) throws Rejection {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                return false;
            }
            if (node.getNodeType() != JsonNodeType.BOOLEAN) {
                throw bad("field '" + name + "' must be true or false");
            }
            return node.asBoolean();
        }

        String target() throws Rejection {
            if (root.hasNonNull("target")) {
                return place("target");
            }
            if (root.hasNonNull("x") || root.hasNonNull("y")) {
                return number("x") + "," + number("y");
            }
            throw bad("missing field 'target' (a place) or 'x' and 'y' (metres)");
        }

        MapEdit edit() throws Rejection {
            String op = text("op");
            return switch (op) {
                case "add_node" -> new MapEdit.AddNode(optionalText("name", null), number("x"), number("y"));
                case "remove_node" -> new MapEdit.RemoveNode(place("node"));
                case "add_edge" -> new MapEdit.AddEdge(place("from"), place("to"),
                        root.hasNonNull("weight") ? weight("weight") : 1.0f, flag("undirected"));
                case "remove_edge" -> new MapEdit.RemoveEdge(place("from"), place("to"), flag("undirected"));
                case "block" -> new MapEdit.SetBlocked(place("node"), true);
                case "unblock" -> new MapEdit.SetBlocked(place("node"), false);
                case "set_weight" -> new MapEdit.SetWeight(place("from"), place("to"), weight("weight"));
                default -> throw bad("unknown map op '" + op
                        + "'; known: add_node, remove_node, add_edge, remove_edge, block, unblock, set_weight");
            };
        }
    }
}
