package io.wally.runtime.vda5050;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wally.runtime.agent.StateViews;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The parts of the robot's VDA 5050 messages that do not depend on an order: the header (one {@code headerId}
 * sequence per topic, the timestamp, version, manufacturer, serial number), {@code connection},
 * {@code factsheet}, {@code visualization} and the {@code agvPosition} every state carries.
 *
 * <p>Threading: any thread (the header counters are atomic); the adapter's thread in practice, and the
 * owner building the Last Will before it starts.
 */
public final class Vda5050Messages {

    /** The topics with a header sequence of their own. */
    enum Topic { STATE, VISUALIZATION, CONNECTION, FACTSHEET }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vda5050Topics topics;
    private final String version;
    private final String mapId;
    private final WallyConfig.Drive drive;
    private final AtomicLongArray headerIds = new AtomicLongArray(Topic.values().length);

    /**
     * @param version the protocol version every header carries ({@code vda5050.version})
     * @param config  the robot's configuration: the map's file name is the {@code mapId}, the drive gives the factsheet's speeds
     */
    public Vda5050Messages(Vda5050Topics topics, String version, WallyConfig config) {
        this.topics = topics;
        this.version = version;
        this.mapId = mapId(config);
        this.drive = config.drive();
    }

    /** The map's id: its file name without {@code .yaml} ({@code house}), or {@code map} without a file. */
    static String mapId(WallyConfig config) {
        String file = config.map() == null ? null : config.map().file();
        if (file == null) {
            return "map";
        }
        String name = Path.of(file).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The id of the map this robot drives on. */
    public String mapId() {
        return mapId;
    }

    /** A new header for {@code topic}: its next {@code headerId}, now as the timestamp. */
    Map<String, Object> header(Topic topic) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("headerId", headerIds.getAndIncrement(topic.ordinal()));
        m.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        m.put("version", version);
        m.put("manufacturer", topics.manufacturer());
        m.put("serialNumber", topics.serialNumber());
        return m;
    }

    /** A {@code connection} message: {@code ONLINE}, {@code OFFLINE} or {@code CONNECTIONBROKEN}. */
    public byte[] connection(String state) {
        Map<String, Object> m = header(Topic.CONNECTION);
        m.put("connectionState", state);
        return bytes(m);
    }

    /** The robot's position on the map as {@code state} and {@code visualization} carry it. */
    Map<String, Object> position(StateViews.Status s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("x", Vda5050Adapter.round(s.xMeters()));
        p.put("y", Vda5050Adapter.round(s.yMeters()));
        p.put("theta", Vda5050Adapter.round(Math.atan2(Math.sin(Math.toRadians(s.headingDegrees())),
                Math.cos(Math.toRadians(s.headingDegrees())))));
        p.put("mapId", mapId);
        p.put("positionInitialized", true);
        return p;
    }

    /** A {@code visualization} message. */
    Map<String, Object> visualization(StateViews.Status s, double vxMps, double omegaRadPerS) {
        Map<String, Object> m = header(Topic.VISUALIZATION);
        m.put("agvPosition", position(s));
        m.put("velocity", Map.of("vx", Vda5050Adapter.round(vxMps), "vy", 0.0, "omega", Vda5050Adapter.round(omegaRadPerS)));
        return m;
    }

    /** The {@code factsheet}: a small differential-drive carrier, what it drives and which actions it knows. */
    Map<String, Object> factsheet(List<String> instantActions) {
        Map<String, Object> m = header(Topic.FACTSHEET);
        m.put("typeSpecification", Map.of("seriesName", "WALLY", "seriesDescription",
                "two-wheeled robot on a Raspberry Pi (or simulated)", "agvKinematic", "DIFF", "agvClass", "CARRIER",
                "maxLoadMass", 0, "localizationTypes", List.of("NATURAL"), "navigationTypes", List.of("AUTONOMOUS")));
        double width = drive.wheelBaseMeters() + 2 * drive.wheelRadiusMeters();
        m.put("physicalParameters", Map.of("speedMin", 0.0, "speedMax", drive.maxSpeedMps(),
                "accelerationMax", drive.maxSpeedMps(), "decelerationMax", drive.maxSpeedMps(),
                "heightMax", 4 * drive.wheelRadiusMeters(), "width", width, "length", width));
        m.put("protocolLimits", Map.of(
                "maxStringLens", Map.of("topicSerialLen", 64, "topicElemLen", 64, "idLen", 255),
                "maxArrayLens", Map.of("order.nodes", OrderMessage.MAX_NODES, "order.edges", OrderMessage.MAX_NODES - 1,
                        "node.actions", 0, "edge.actions", 0, "state.errors", Vda5050Adapter.MAX_ERRORS,
                        "state.actionStates", Vda5050Adapter.MAX_ACTION_STATES),
                "timing", Map.of("minOrderInterval", 0.05, "minStateInterval", Vda5050Adapter.STATE_MIN_INTERVAL_NANOS / 1e9,
                        "defaultStateInterval", Vda5050Adapter.STATE_MAX_INTERVAL_NANOS / 1e9,
                        "visualizationInterval", Vda5050Adapter.VISUALIZATION_INTERVAL_NANOS / 1e9)));
        m.put("protocolFeatures", Map.of(
                "optionalParameters", List.of(
                        Map.of("parameter", "order.nodes.nodePosition.allowedDeviationXY", "support", "SUPPORTED"),
                        Map.of("parameter", "state.distanceSinceLastNode", "support", "SUPPORTED")),
                "agvActions", instantActions.stream().map(a -> Map.of("actionType", a, "actionScopes", List.of("INSTANT"))).toList()));
        m.put("agvGeometry", Map.of());
        m.put("loadSpecification", Map.of("loadPositions", List.of()));
        return m;
    }

    static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("VDA 5050 message failed to serialise", e);
        }
    }
}
