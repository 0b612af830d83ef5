package io.wally.runtime.foxglove;

import java.util.List;

/**
 * The channels this server advertises, each with its topic, the schema name Foxglove and Lichtblick recognise
 * (the {@code foxglove.*} names are the Foxglove schemas, whose JSON field names the payloads use), and a JSON
 * Schema of the payload. Channel ids are the ordinals plus one: fixed for the life of the process, as the
 * protocol allows a client to cache them.
 *
 * <p>Immutable; any thread.
 */
enum FoxgloveChannel {

    /** The occupancy grid, with the cells the sensors marked blocked; sent once, then when the map changes. */
    MAP("/map", "foxglove.Grid", true, """
            {"type":"object","properties":{
            "timestamp":%s,"frame_id":{"type":"string"},"pose":%s,
            "column_count":{"type":"integer","minimum":0},"cell_size":%s,
            "row_stride":{"type":"integer","minimum":0},"cell_stride":{"type":"integer","minimum":0},
            "fields":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},
            "offset":{"type":"integer","minimum":0},"type":{"type":"integer","minimum":0}}}},
            "data":{"type":"string","contentEncoding":"base64"}}}"""
            .formatted(Schemas.TIME, Schemas.POSE, Schemas.VECTOR2)),

    /** {@code map -> base_link}, following the robot's pose. */
    TF("/tf", "foxglove.FrameTransforms", false, """
            {"type":"object","properties":{"transforms":{"type":"array","items":{"type":"object","properties":{
            "timestamp":%s,"parent_frame_id":{"type":"string"},"child_frame_id":{"type":"string"},
            "translation":%s,"rotation":%s}}}}}""".formatted(Schemas.TIME, Schemas.VECTOR3, Schemas.QUATERNION)),

    /** The active path from the robot to the goal, in the map frame. */
    PLAN("/plan", "foxglove.PosesInFrame", true, """
            {"type":"object","properties":{"timestamp":%s,"frame_id":{"type":"string"},
            "poses":{"type":"array","items":%s}}}""".formatted(Schemas.TIME, Schemas.POSE)),

    /** A labelled marker per named place. */
    PLACES("/places", "foxglove.SceneUpdate", true, """
            {"type":"object","properties":{"deletions":{"type":"array"},"entities":{"type":"array","items":{
            "type":"object","properties":{"timestamp":%s,"frame_id":{"type":"string"},"id":{"type":"string"},
            "lifetime":%s,"frame_locked":{"type":"boolean"},"metadata":{"type":"array"},
            "spheres":{"type":"array"},"texts":{"type":"array"}}}}}}""".formatted(Schemas.TIME, Schemas.TIME)),

    /** The robot's pose in the map frame. */
    POSE("/pose", "foxglove.PoseInFrame", false, """
            {"type":"object","properties":{"timestamp":%s,"frame_id":{"type":"string"},"pose":%s}}"""
            .formatted(Schemas.TIME, Schemas.POSE)),

    /** Mission state, fault, queue depths and pipeline counters (as {@code telemetry/health} over MQTT). */
    HEALTH("/health", "wally.Health", false, """
            {"type":"object","properties":{"state":{"type":"string"},"goal":{"type":["string","null"]},
            "fault":{"type":["string","null"]},"queueDepthBytes":{"type":"object"},
            "commandsWaiting":{"type":"object"},"counters":{"type":"object"}}}"""),

    /** The battery monitor's latest reading (nothing is sent on a robot without one). */
    BATTERY("/battery", "wally.Battery", false, """
            {"type":"object","properties":{"volts":{"type":"number"},"amps":{"type":"number"},
            "watts":{"type":"number"},"health":{"type":"string"}}}"""),

    /** The safety fault: sent when it changes (a null reason when cleared), and to new subscribers. */
    FAULTS("/faults", "wally.Fault", true, """
            {"type":"object","properties":{"active":{"type":"boolean"},"reason":{"type":["string","null"]}}}"""),

    /**
     * The keep-out and speed zones (docs/zones.md): per zone an outline (a closed line), keep-out zones hatched, and
     * the name; each message replaces the last (it deletes every entity first), so a removed zone disappears.
     */
    ZONES("/zones", "foxglove.SceneUpdate", true, """
            {"type":"object","properties":{"deletions":{"type":"array","items":{"type":"object","properties":{
            "timestamp":%s,"type":{"type":"integer","minimum":0},"id":{"type":"string"}}}},
            "entities":{"type":"array","items":{
            "type":"object","properties":{"timestamp":%s,"frame_id":{"type":"string"},"id":{"type":"string"},
            "lifetime":%s,"frame_locked":{"type":"boolean"},"metadata":{"type":"array"},
            "lines":{"type":"array","items":{"type":"object","properties":{"type":{"type":"integer","minimum":0},
            "pose":%s,"thickness":{"type":"number"},"scale_invariant":{"type":"boolean"},
            "points":{"type":"array","items":%s},"color":%s,"colors":{"type":"array"},"indices":{"type":"array"}}}},
            "texts":{"type":"array"}}}}}}"""
            .formatted(Schemas.TIME, Schemas.TIME, Schemas.TIME, Schemas.POSE, Schemas.VECTOR3, Schemas.COLOR));

    /** Shared pieces of the schemas above. */
    private static final class Schemas {
        static final String TIME = "{\"type\":\"object\",\"properties\":{\"sec\":{\"type\":\"integer\"},\"nsec\":{\"type\":\"integer\"}}}";
        static final String VECTOR2 = "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"},\"y\":{\"type\":\"number\"}}}";
        static final String VECTOR3 = "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"},\"y\":{\"type\":\"number\"},\"z\":{\"type\":\"number\"}}}";
        static final String QUATERNION = "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"},\"y\":{\"type\":\"number\"},"
                + "\"z\":{\"type\":\"number\"},\"w\":{\"type\":\"number\"}}}";
        static final String COLOR = "{\"type\":\"object\",\"properties\":{\"r\":{\"type\":\"number\"},\"g\":{\"type\":\"number\"},"
                + "\"b\":{\"type\":\"number\"},\"a\":{\"type\":\"number\"}}}";
        static final String POSE = "{\"type\":\"object\",\"properties\":{\"position\":" + VECTOR3 + ",\"orientation\":" + QUATERNION + "}}";
    }

    /** Every channel, in id order. */
    static final List<FoxgloveChannel> ALL = List.of(values());

    private final String topic;
    private final String schemaName;
    private final boolean latched;
    private final String schema;

    FoxgloveChannel(String topic, String schemaName, boolean latched, String schema) {
        this.topic = topic;
        this.schemaName = schemaName;
        this.latched = latched;
        this.schema = schema.replace("\n", "");
    }

    /** The channel id in {@code advertise} and {@code subscribe}: 1 to {@link #ALL}'s size. */
    int id() {
        return ordinal() + 1;
    }

    /** The channel with {@code id}, or null. */
    static FoxgloveChannel byId(long id) {
        return id >= 1 && id <= ALL.size() ? ALL.get((int) id - 1) : null;
    }

    String topic() {
        return topic;
    }

    String schemaName() {
        return schemaName;
    }

    /** JSON Schema of the payload (compact, one line). */
    String schema() {
        return schema;
    }

    /** A new subscriber gets the last message at once (it changes rarely: the map, the places, the plan, the fault, the zones). */
    boolean latched() {
        return latched;
    }
}
