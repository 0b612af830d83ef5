package io.wally.runtime.homeassistant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wally.runtime.mqtt.MqttTopics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The Home Assistant MQTT discovery configs of one robot, and the topics they name (docs/home-assistant.md).
 * Pure: the same robot and places give byte-identical configs, so a republish changes nothing in Home
 * Assistant and a golden file can pin the device block.
 *
 * <pre>
 * &lt;prefix&gt;/&lt;component&gt;/&lt;robot-id&gt;/&lt;object-id&gt;/config   retained, QoS 1: one entity
 * wally/&lt;id&gt;/status                 availability of every entity (online / offline, the Last Will)
 * wally/&lt;id&gt;/ha/state               JSON of the sensors, the fault and the select (retained)
 * wally/&lt;id&gt;/ha/vacuum/state        {"state": "docked"} (retained)
 * wally/&lt;id&gt;/ha/vacuum/attributes   segments (rooms), goal (retained)
 * wally/&lt;id&gt;/ha/map                PNG of the map (retained)
 * wally/&lt;id&gt;/ha/set/...             commands from Home Assistant (the only topics subscribed under ha/)
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Discovery {

    /** One named place as discovery shows it: the "go to" option, and a room button when {@code room}. */
    public record Place(String name, String kind) {
        public Place {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }

        /** A room: a vacuum segment with its own "go to" button. */
        public boolean room() {
            return kind.equals("room");
        }
    }

    /** Who made the device, for the device block. */
    public record Device(String model, String swVersion, String configurationUrl) {
    }

    private final String robotId;
    private final String prefix;
    private final String base;
    private final Device device;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param robotId  the robot id ({@link MqttTopics} rules)
     * @param prefix   Home Assistant's discovery prefix ({@code homeassistant})
     * @param device   model, software version and the dashboard's URL (null when none is served)
     */
    public Discovery(String robotId, String prefix, Device device) {
        new MqttTopics(robotId); // validates the id
        this.robotId = robotId;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.base = "wally/" + robotId + "/ha/";
        this.device = Objects.requireNonNull(device, "device");
    }

    /** {@code <prefix>/status}: Home Assistant's birth ({@code online}) and will ({@code offline}). */
    public String birthTopic() {
        return prefix + "/status";
    }

    /** Every retained config of this robot, whichever entity: {@code <prefix>/+/<id>/+/config}. */
    public String configFilter() {
        return prefix + "/+/" + robotId + "/+/config";
    }

    /** Whether {@code topic} is a config of this robot: {@code <prefix>/<component>/<id>/<object-id>/config}. */
    public boolean isConfigTopic(String topic) {
        if (!topic.startsWith(prefix + "/") || !topic.endsWith("/config")) {
            return false;
        }
        String[] levels = topic.substring(prefix.length() + 1).split("/", -1);
        return levels.length == 4 && levels[1].equals(robotId) && !levels[0].isEmpty() && !levels[2].isEmpty();
    }

    /** What the adapter subscribes to under the robot's tree: {@code wally/<id>/ha/set/#}. */
    public String commandFilter() {
        return base + "set/#";
    }

    /** {@code wally/<id>/status}. */
    public String availabilityTopic() {
        return "wally/" + robotId + "/status";
    }

    /** The JSON of sensors, fault and select. */
    public String stateTopic() {
        return base + "state";
    }

    /** The vacuum's {@code {"state": ...}}. */
    public String vacuumStateTopic() {
        return base + "vacuum/state";
    }

    /** The vacuum's attributes: segments and goal. */
    public String vacuumAttributesTopic() {
        return base + "vacuum/attributes";
    }

    /** The map PNG. */
    public String mapTopic() {
        return base + "map";
    }

    /** A command topic: {@code wally/<id>/ha/set/<what>}. */
    public String setTopic(String what) {
        return base + "set/" + what;
    }

    /** What a command topic commands ({@code vacuum}, {@code room/kitchen}, ...), or null when it is none. */
    public String commandOf(String topic) {
        String p = base + "set/";
        return topic.startsWith(p) && topic.length() > p.length() ? topic.substring(p.length()) : null;
    }

    /** The config topic of one entity. */
    public String configTopic(String component, String objectId) {
        return prefix + "/" + component + "/" + robotId + "/" + objectId + "/config";
    }

    /** {@code <id>}'s entity object id for a room button: {@code room_<slug>}. */
    public static String roomObjectId(String slug) {
        return "room_" + slug;
    }

    /** A name as a topic level and object id: lowercase letters, digits and {@code _} ({@code "living room"} → {@code living_room}). */
    public static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "place" : s;
    }

    /** The device block every config shares. */
    public ObjectNode deviceBlock() {
        ObjectNode d = json.createObjectNode();
        d.putArray("identifiers").add("wally_" + robotId);
        d.put("name", "WALLY " + robotId);
        d.put("manufacturer", "WALLY project");
        d.put("model", device.model());
        d.put("sw_version", device.swVersion());
        if (device.configurationUrl() != null) {
            d.put("configuration_url", device.configurationUrl());
        }
        return d;
    }

    /**
     * Every entity's config for these places, by config topic, in a stable order. Room buttons are keyed by
     * {@code slugs} (place name → unique slug, see {@link #slugs}).
     */
    public Map<String, ObjectNode> configs(List<Place> places, Map<String, String> slugs) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        ObjectNode vacuum = entity("vacuum", null, "mdi:robot-vacuum", null);
        vacuum.put("schema", "state");
        vacuum.put("state_topic", vacuumStateTopic());
        vacuum.put("command_topic", setTopic("vacuum"));
        vacuum.put("send_command_topic", setTopic("vacuum_send"));
        vacuum.put("json_attributes_topic", vacuumAttributesTopic());
        vacuum.putArray("supported_features").add("start").add("pause").add("stop").add("return_home").add("status")
                .add("locate").add("send_command");
        out.put(configTopic("vacuum", "vacuum"), vacuum);

        out.put(configTopic("sensor", "battery"), sensor("battery", "Battery", "mdi:battery", null, "battery", "%",
                "{{ value_json.battery }}"));
        out.put(configTopic("sensor", "battery_voltage"), sensor("battery_voltage", "Battery voltage", "mdi:flash",
                "diagnostic", "voltage", "V", "{{ value_json.battery_voltage }}"));
        out.put(configTopic("sensor", "state"), sensor("state", "State", "mdi:state-machine", null, null, null,
                "{{ value_json.mission }}"));
        out.put(configTopic("sensor", "goal"), sensor("goal", "Current goal", "mdi:map-marker", null, null, null,
                "{{ value_json.goal }}"));
        out.put(configTopic("sensor", "distance_to_goal"), sensor("distance_to_goal", "Distance to goal",
                "mdi:map-marker-distance", null, "distance", "m", "{{ value_json.distance_to_goal }}"));
        out.put(configTopic("sensor", "speed"), sensor("speed", "Speed", "mdi:speedometer", "diagnostic", "speed",
                "m/s", "{{ value_json.speed }}"));

        ObjectNode fault = entity("fault", "Fault", "mdi:alert", "diagnostic");
        fault.put("device_class", "problem");
        fault.put("state_topic", stateTopic());
        fault.put("value_template", "{{ value_json.fault }}");
        fault.put("payload_on", "ON");
        fault.put("payload_off", "OFF");
        fault.put("json_attributes_topic", stateTopic());
        fault.put("json_attributes_template", "{{ {'reason': value_json.fault_reason} | tojson }}");
        out.put(configTopic("binary_sensor", "fault"), fault);

        ObjectNode select = entity("go_to", "Go to", "mdi:map-marker-path", null);
        select.put("command_topic", setTopic("go_to"));
        select.put("state_topic", stateTopic());
        select.put("value_template", "{{ value_json.go_to }}");
        ArrayNode options = select.putArray("options");
        places.forEach(p -> options.add(p.name()));
        out.put(configTopic("select", "go_to"), select);

        out.put(configTopic("button", "dock"), button("dock", "Dock", "mdi:home-import-outline", setTopic("dock")));
        out.put(configTopic("button", "stop"), button("stop", "Stop", "mdi:stop", setTopic("stop")));
        for (Place p : places) {
            if (p.room()) {
                String slug = slugs.get(p.name());
                out.put(configTopic("button", roomObjectId(slug)),
                        button(roomObjectId(slug), "Go to " + p.name(), "mdi:door-open", setTopic("room/" + slug)));
            }
        }

        ObjectNode map = entity("map", "Map", "mdi:map", null);
        map.put("image_topic", mapTopic());
        map.put("content_type", "image/png");
        out.put(configTopic("image", "map"), map);
        return out;
    }

    /** A unique slug per place name, in list order ({@code kitchen}, then {@code kitchen_2} for a second one). */
    public static Map<String, String> slugs(List<Place> places) {
        Map<String, String> out = new LinkedHashMap<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (Place p : places) {
            String s = slug(p.name());
            String unique = s;
            for (int i = 2; !taken.add(unique); i++) {
                unique = s + "_" + i;
            }
            out.put(p.name(), unique);
        }
        return out;
    }

    private ObjectNode entity(String objectId, String name, String icon, String category) {
        ObjectNode e = json.createObjectNode();
        if (name == null) {
            e.putNull("name"); // the entity takes the device's name: "WALLY <id>"
        } else {
            e.put("name", name);
        }
        e.put("unique_id", "wally_" + robotId + "_" + objectId);
        e.put("icon", icon);
        if (category != null) {
            e.put("entity_category", category);
        }
        e.put("availability_topic", availabilityTopic());
        e.put("payload_available", "online");
        e.put("payload_not_available", "offline");
        e.set("device", deviceBlock());
        return e;
    }

    private ObjectNode sensor(String objectId, String name, String icon, String category, String deviceClass,
            String unit, String template) {
        ObjectNode s = entity(objectId, name, icon, category);
        s.put("state_topic", stateTopic());
        s.put("value_template", template);
        if (deviceClass != null) {
            s.put("device_class", deviceClass);
        }
        if (unit != null) {
            s.put("unit_of_measurement", unit);
            s.put("state_class", "measurement");
        }
        return s;
    }

    private ObjectNode button(String objectId, String name, String icon, String commandTopic) {
        ObjectNode b = entity(objectId, name, icon, null);
        b.put("command_topic", commandTopic);
        b.put("payload_press", "PRESS");
        return b;
    }
}
