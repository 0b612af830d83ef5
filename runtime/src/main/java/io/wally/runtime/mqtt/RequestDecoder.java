package io.wally.runtime.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.wally.maps.zone.Zone;
import io.wally.maps.zone.ZoneKind;
import io.wally.runtime.command.Algorithm;
import io.wally.runtime.command.ErrorCode;
import io.wally.runtime.command.MapEdit;
import io.wally.runtime.command.Place;
import io.wally.runtime.command.PlaceText;
import io.wally.runtime.command.Request;
import io.wally.runtime.command.RequestRefused;
import io.wally.runtime.command.RequestRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MQTT edge of the command path: turns a request payload into a typed {@link Request} (places parsed
 * into {@link Place}, algorithms into {@link Algorithm}, the rules of {@link RequestRules} checked) or a
 * {@link Rejection} naming the field, its value (cut
 * when long) and what is wrong. Everything the request itself makes impossible is refused here, so that a
 * client never gets {@code busy} (which means "try again") for a request that can never succeed:
 *
 * <ul>
 *   <li>{@code replyTo} must be {@code wally/<id>/reply} or start with the reply prefix (default
 *       {@code wally/<id>/reply/}); anything else, such as a command topic, is refused with
 *       {@code replyTo == null}, so the refusal goes to the default reply topic;</li>
 *   <li>coordinates (JSON numbers or {@code "x,y"}) must be finite and within
 *       ±{@value PlaceText#MAX_ABS_COORDINATE_METERS} m;</li>
 *   <li>text fields have byte limits ({@link PlaceText}): over them is {@code too_large};</li>
 *   <li>a new node's name must not read as a node id or as {@code "x,y"}.</li>
 * </ul>
 *
 * Pure: no I/O, no state; safe on any thread. Public so that other edges (the dashboard's WebSocket) decode
 * commands with the same fields and the same errors.
 */
public final class RequestDecoder {

    /** The commands there are, as in {@code wally/<id>/cmd/<command>}. */
    static final List<String> COMMANDS = List.of("plan", "goto", "stop", "map", "status", "similar", "rooms", "query", "drive", "places", "explore");

    /** A request that failed to decode; {@code id} and {@code replyTo} are null when they could not be read. */
    public static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;
        final transient JsonNode id;
        final String replyTo;
        final ErrorCode code;

        Rejection(JsonNode id, String replyTo, ErrorCode code, String message) {
            super(message, null, false, false);
            this.id = id;
            this.replyTo = replyTo;
            this.code = code;
        }

        /** Why the request was refused. */
        public ErrorCode code() {
            return code;
        }

        /** The client's {@code id}, or null when it could not be read. */
        public JsonNode id() {
            return id;
        }
    }

    /** A decoded request with what its reply needs: the client's {@code id} and where to answer. */
    public record Decoded(JsonNode id, String replyTo, Request request) {
    }

    private final ObjectMapper json;
    private final String defaultReplyTopic;
    private final String replyPrefix;

    /**
     * @param defaultReplyTopic where replies go without {@code replyTo} ({@code wally/<id>/reply}); also allowed as {@code replyTo}
     * @param replyPrefix       what every other {@code replyTo} must start with (see {@link MqttTopics#whyNotReplyPrefix})
     */
    public RequestDecoder(ObjectMapper json, String defaultReplyTopic, String replyPrefix) {
        this.json = json;
        this.defaultReplyTopic = defaultReplyTopic;
        this.replyPrefix = replyPrefix;
    }

    /** A decoder for {@code settings}' robot: its default reply topic and its reply prefix. */
    RequestDecoder(ObjectMapper json, BridgeSettings settings) {
        this(json, new MqttTopics(settings.robotId()).reply(), settings.replyPrefix());
    }

    /** Decodes the payload of command {@code command} (as in {@code cmd/<command>}), refusing one over {@code maxPayloadBytes}. */
    public Decoded decode(String command, byte[] payload, int maxPayloadBytes) throws Rejection {
        if (payload.length > maxPayloadBytes) {
            throw new Rejection(null, null, ErrorCode.TOO_LARGE, "payload of " + payload.length
                    + " bytes exceeds mqtt.maxPayloadBytes " + maxPayloadBytes);
        }
        JsonNode root;
        try {
            root = payload.length == 0 ? null : json.readTree(payload);
        } catch (IOException | RuntimeException e) {
            throw new Rejection(null, null, ErrorCode.BAD_JSON, "payload is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new Rejection(null, null, ErrorCode.BAD_JSON, "payload must be a JSON object like {\"id\": \"1\", …}; was "
                    + (root == null ? "empty" : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        String replyTo = null;
        JsonNode replyNode = root.get("replyTo");
        JsonNode idNode = root.get("id");
        JsonNode id = idNode != null && (idNode.isTextual() || idNode.isIntegralNumber()) ? idNode : null;
        if (replyNode != null && !replyNode.isNull()) {
            if (!replyNode.isTextual()) {
                throw new Rejection(id, null, ErrorCode.BAD_REQUEST, "field 'replyTo' must be a topic string");
            }
            String topic = replyNode.asText();
            String why = MqttTopics.whyNotPublishable(topic);
            if (why != null) {
                throw new Rejection(id, null, ErrorCode.BAD_REQUEST, "field 'replyTo' " + why + "; was " + PlaceText.shown(topic));
            }
            boolean allowed = topic.equals(defaultReplyTopic)
                    || (topic.startsWith(replyPrefix) && topic.length() > replyPrefix.length());
            if (!allowed) {
                // replyTo stays null: the refusal goes to the default reply topic, never to the topic asked for.
                throw new Rejection(id, null, ErrorCode.BAD_REQUEST, "field 'replyTo' must be " + defaultReplyTopic
                        + " or a topic under " + replyPrefix + "; was " + PlaceText.shown(topic));
            }
            replyTo = topic;
        }
        if (idNode == null || idNode.isNull()) {
            throw new Rejection(null, replyTo, ErrorCode.BAD_REQUEST, "missing field 'id' (a string or an integer)");
        }
        if (id == null) {
            throw new Rejection(null, replyTo, ErrorCode.BAD_REQUEST, "field 'id' must be a string or an integer; was "
                    + idNode.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        Fields f = new Fields(root, id, replyTo);
        Request request = switch (command) {
            case "plan" -> new Request.Plan(f.optionalPlace("from"), f.place("to"), f.algorithm());
            case "goto" -> new Request.GoTo(f.target());
            case "stop" -> new Request.Stop(f.optionalText("reason", "over MQTT", PlaceText.MAX_REASON_BYTES));
            case "map" -> new Request.EditMap(f.edit());
            case "status" -> new Request.Status();
            case "similar" -> new Request.Similar(f.place("place"), f.optionalInt("k", 5),
                    f.optionalText("kind", null, PlaceText.MAX_KEYWORD_BYTES));
            case "rooms" -> new Request.Rooms(root.hasNonNull("rooms") ? f.optionalInt("rooms", 0) : null);
            case "query" -> new Request.Query(f.text("query", Request.MAX_QUERY_BYTES), f.params(),
                    root.hasNonNull("limit") ? f.optionalInt("limit", 0) : null);
            case "drive" -> new Request.Drive(f.number("linearMps"), f.number("angularRadPerS"));
            case "places" -> new Request.Places();
            case "explore" -> new Request.Explore(f.optionalReal("budgetSeconds", Request.DEFAULT_EXPLORE_SECONDS),
                    f.optionalReal("maxDistanceMeters", Double.POSITIVE_INFINITY));
            default -> throw new Rejection(id, replyTo, ErrorCode.UNKNOWN_COMMAND, "unknown command '" + command
                    + "'; known: " + String.join(", ", COMMANDS));
        };
        try {
            RequestRules.check(request);
        } catch (RequestRefused refused) {
            throw new Rejection(id, replyTo, refused.code(), refused.getMessage());
        }
        return new Decoded(id, replyTo, request);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Field access with errors that name the field and the value. */
    private record Fields(JsonNode root, JsonNode id, String replyTo) {

        /** A JSON value for an error message: text quoted and cut, anything else as JSON, cut. */
        static String shown(JsonNode node) {
            if (node.isTextual()) {
                return PlaceText.shown(node.asText());
            }
            if (node.isNumber()) {
                return node.asText(); // 1e999 arrives as Infinity: say so, unquoted
            }
            String json = node.toString();
            return json.length() <= 40 ? json : json.substring(0, 40) + "…";
        }

        Rejection bad(String message) {
            return new Rejection(id, replyTo, ErrorCode.BAD_REQUEST, message);
        }

        Rejection refused(RequestRefused refused) {
            return new Rejection(id, replyTo, refused.code(), refused.getMessage());
        }

        String text(String name, int maxBytes) throws Rejection {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                throw bad("missing field '" + name + "'");
            }
            if (!node.isTextual() || node.asText().isBlank()) {
                throw bad("field '" + name + "' must be a non-empty string; was " + shown(node));
            }
            String text = node.asText();
            try {
                RequestRules.checkTextLimit(name, text, maxBytes);
            } catch (RequestRefused refused) {
                throw refused(refused);
            }
            return text;
        }

        String optionalText(String name, String fallback, int maxBytes) throws Rejection {
            JsonNode node = root.get(name);
            return node == null || node.isNull() ? fallback : text(name, maxBytes);
        }

        /** A place: a node name, a numeric node id, or "x,y" in metres (finite, within the absolute limit). */
        Place place(String name) throws Rejection {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                throw bad("missing field '" + name + "'");
            }
            if (node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= 0) {
                return new Place.Node(node.asInt());
            }
            if (node.isTextual() && !node.asText().isBlank()) {
                try {
                    return Place.parse(name, node.asText());
                } catch (RequestRefused refused) {
                    throw refused(refused);
                }
            }
            throw bad("field '" + name + "' must be a node name, a node id >= 0, or \"x,y\"; was " + shown(node));
        }

        Algorithm algorithm() throws Rejection {
            String text = optionalText("algorithm", null, PlaceText.MAX_KEYWORD_BYTES);
            try {
                return text == null ? Algorithm.AUTO : Algorithm.parse("algorithm", text);
            } catch (RequestRefused refused) {
                throw refused(refused);
            }
        }

        Place optionalPlace(String name) throws Rejection {
            JsonNode node = root.get(name);
            return node == null || node.isNull() ? null : place(name);
        }

        /** The name of a new node: a place name that reads neither as an id nor as "x,y". */
        String nodeName(String name) throws Rejection {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            return text(name, PlaceText.MAX_NAME_BYTES); // the name rules: RequestRules
        }

        float number(String name) throws Rejection {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                throw bad("missing field '" + name + "'");
            }
            if (!node.isNumber() || !Float.isFinite(node.floatValue())) {
                throw bad("field '" + name + "' must be a finite number; was " + shown(node));
            }
            return node.floatValue();
        }

        /** A finite number kept as a double (zone factors and speeds: 0.15 stays 0.15, not its float). */
        double real(String name) throws Rejection {
            number(name); // present, a number, finite
            return root.get(name).doubleValue();
        }

        /** {@link #real} when the field is there and not null, else {@code fallback}. */
        double optionalReal(String name, double fallback) throws Rejection {
            JsonNode node = root.get(name);
            return node == null || node.isNull() ? fallback : real(name);
        }

        /** A coordinate in metres: finite and within the absolute limit. */
        float coordinate(String name) throws Rejection {
            float meters = number(name);
            try {
                RequestRules.checkCoordinate(name, meters);
            } catch (RequestRefused refused) {
                throw refused(refused);
            }
            return meters;
        }

        /** {@code params}: an object of numbers, strings, booleans and lists of them (the query's $parameters). */
        Map<String, Object> params() throws Rejection {
            JsonNode node = root.get("params");
            if (node == null || node.isNull()) {
                return Map.of();
            }
            if (!node.isObject()) {
                throw bad("field 'params' must be an object of parameter values; was " + shown(node));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.put(e.getKey(), paramValue(e.getKey(), e.getValue()));
            }
            return out;
        }

        private Object paramValue(String name, JsonNode v) throws Rejection {
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                return v.asLong();
            }
            if (v.isNumber()) {
                return v.asDouble();
            }
            if (v.isTextual()) {
                return v.asText();
            }
            if (v.isBoolean()) {
                return v.asBoolean();
            }
            if (v.isArray()) {
                List<Object> list = new ArrayList<>();
                for (JsonNode item : v) {
                    list.add(paramValue(name, item));
                }
                return list;
            }
            throw bad("parameter '" + name + "' must be a number, string, boolean or list; was " + shown(v));
        }

        int optionalInt(String name, int fallback) throws Rejection {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw bad("field '" + name + "' must be an integer; was " + shown(node));
            }
            return node.asInt();
        }

        boolean flag(String name) throws Rejection {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                return false;
            }
            if (node.getNodeType() != JsonNodeType.BOOLEAN) {
                throw bad("field '" + name + "' must be true or false; was " + shown(node));
            }
            return node.asBoolean();
        }

        Place target() throws Rejection {
            if (root.hasNonNull("target")) {
                return place("target");
            }
            if (root.hasNonNull("x") || root.hasNonNull("y")) {
                return new Place.Point(coordinate("x"), coordinate("y"));
            }
            throw bad("missing field 'target' (a place) or 'x' and 'y' (metres)");
        }

        /** {@code add_zone}: name, kind (keepout | speed), points [[x, y], ...] in metres, costFactor, maxSpeedMps. */
        MapEdit addZone() throws Rejection {
            String name = text("name", PlaceText.MAX_NAME_BYTES);
            String kindText = text("kind", PlaceText.MAX_KEYWORD_BYTES);
            ZoneKind kind = ZoneKind.parse(kindText);
            if (kind == null) {
                throw bad("field 'kind' must be keepout or speed; was " + PlaceText.shown(kindText));
            }
            JsonNode points = root.get("points");
            if (points == null || !points.isArray()) {
                throw bad("field 'points' must be a list of [x, y] corners in metres; was " + (points == null ? "missing" : shown(points)));
            }
            if (points.size() > Zone.MAX_CORNERS) {
                throw new Rejection(id, replyTo, ErrorCode.TOO_LARGE, "field 'points' has " + points.size() + " corners; the limit is " + Zone.MAX_CORNERS);
            }
            double[] xy = new double[2 * points.size()];
            for (int i = 0; i < points.size(); i++) {
                JsonNode c = points.get(i);
                if (!c.isArray() || c.size() != 2 || !c.get(0).isNumber() || !c.get(1).isNumber()) {
                    throw bad("corner " + (i + 1) + " of field 'points' must be [x, y] with numbers; was " + shown(c));
                }
                xy[2 * i] = c.get(0).asDouble();
                xy[2 * i + 1] = c.get(1).asDouble();
                try {
                    RequestRules.checkCoordinate("points", (float) xy[2 * i]);
                    RequestRules.checkCoordinate("points", (float) xy[2 * i + 1]);
                } catch (RequestRefused refused) {
                    throw refused(refused);
                }
            }
            if (kind == ZoneKind.KEEPOUT && (root.has("costFactor") || root.has("maxSpeedMps"))) {
                throw bad("a keepout zone takes no costFactor or maxSpeedMps (nothing enters it)");
            }
            try {
                return new MapEdit.AddZone(kind == ZoneKind.KEEPOUT ? Zone.keepout(name, xy)
                        : Zone.speed(name, xy, root.hasNonNull("costFactor") ? real("costFactor") : 1.0,
                                root.hasNonNull("maxSpeedMps") ? real("maxSpeedMps") : Double.NaN));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }

        /** {@code paint}'s {@code state}: {@code occupied} (true) or {@code free}. */
        boolean cellState() throws Rejection {
            String state = text("state", PlaceText.MAX_KEYWORD_BYTES);
            return switch (state) {
                case "occupied" -> true;
                case "free" -> false;
                default -> throw bad("field 'state' must be occupied or free; was " + PlaceText.shown(state));
            };
        }

        /**
         * The area of {@code paint} and {@code erase}: {@code rect} [x0, y0, x1, y1] or {@code points} [[x, y], ...]
         * (metres) as polygon corners; null when neither is given and {@code required} is false (the whole map).
         */
        double[] area(boolean required) throws Rejection {
            JsonNode rect = root.get("rect");
            JsonNode points = root.get("points");
            boolean hasRect = rect != null && !rect.isNull();
            boolean hasPoints = points != null && !points.isNull();
            if (hasRect && hasPoints) {
                throw bad("give either 'rect' or 'points', not both");
            }
            if (hasRect) {
                if (!rect.isArray() || rect.size() != 4) {
                    throw bad("field 'rect' must be [x0, y0, x1, y1] in metres; was " + shown(rect));
                }
                double[] r = new double[4];
                for (int i = 0; i < 4; i++) {
                    if (!rect.get(i).isNumber()) {
                        throw bad("field 'rect' must be [x0, y0, x1, y1] in metres; was " + shown(rect));
                    }
                    r[i] = rect.get(i).asDouble();
                }
                double x0 = Math.min(r[0], r[2]);
                double x1 = Math.max(r[0], r[2]);
                double y0 = Math.min(r[1], r[3]);
                double y1 = Math.max(r[1], r[3]);
                return new double[] {x0, y0, x1, y0, x1, y1, x0, y1};
            }
            if (hasPoints) {
                if (!points.isArray()) {
                    throw bad("field 'points' must be a list of [x, y] corners in metres; was " + shown(points));
                }
                if (points.size() > MapEdit.MAX_CORNERS) {
                    throw new Rejection(id, replyTo, ErrorCode.TOO_LARGE, "field 'points' has " + points.size() + " corners; the limit is "
                            + MapEdit.MAX_CORNERS);
                }
                double[] xy = new double[2 * points.size()];
                for (int i = 0; i < points.size(); i++) {
                    JsonNode c = points.get(i);
                    if (!c.isArray() || c.size() != 2 || !c.get(0).isNumber() || !c.get(1).isNumber()) {
                        throw bad("corner " + (i + 1) + " of field 'points' must be [x, y] with numbers; was " + shown(c));
                    }
                    xy[2 * i] = c.get(0).asDouble();
                    xy[2 * i + 1] = c.get(1).asDouble();
                }
                return xy;
            }
            if (required) {
                throw bad("missing field 'rect' ([x0, y0, x1, y1] in metres) or 'points' ([[x, y], ...])");
            }
            return null;
        }

        MapEdit addEdge() throws Rejection {
            return new MapEdit.AddEdge(place("from"), place("to"), root.hasNonNull("weight") ? number("weight") : 1.0f,
                    flag("undirected"), flag("allowSelfLoop"));
        }

        MapEdit edit() throws Rejection {
            String op = text("op", PlaceText.MAX_KEYWORD_BYTES);
            return switch (op) {
                case "add_node" -> new MapEdit.AddNode(nodeName("name"), coordinate("x"), coordinate("y"));
                case "remove_node" -> new MapEdit.RemoveNode(place("node"));
                case "add_edge" -> addEdge();
                case "remove_edge" -> new MapEdit.RemoveEdge(place("from"), place("to"), flag("undirected"));
                case "block" -> new MapEdit.SetBlocked(place("node"), true);
                case "unblock" -> new MapEdit.SetBlocked(place("node"), false);
                case "set_weight" -> new MapEdit.SetWeight(place("from"), place("to"), number("weight"));
                case "add_zone" -> addZone();
                case "remove_zone" -> new MapEdit.RemoveZone(text("name", PlaceText.MAX_NAME_BYTES));
                case "list_zones" -> new MapEdit.ListZones();
                case "get" -> new MapEdit.GetMap(optionalText("format", "png", PlaceText.MAX_KEYWORD_BYTES));
                case "name_here" -> new MapEdit.NameHere(text("name", PlaceText.MAX_NAME_BYTES));
                case "paint" -> new MapEdit.Paint(area(true), cellState());
                case "erase" -> new MapEdit.Erase(area(false));
                default -> throw bad("unknown map op '" + op + "'; known: add_node, remove_node, add_edge, remove_edge, block, unblock, "
                        + "set_weight, add_zone, remove_zone, list_zones, get, name_here, paint, erase");
            };
        }
    }
}
