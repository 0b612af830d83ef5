package io.wally.runtime.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The topic names of one robot, all under {@code wally/<robot-id>/}:
 *
 * <pre>
 * wally/&lt;id&gt;/status             retained "online" / "offline" (the Last Will)
 * wally/&lt;id&gt;/cmd/&lt;command&gt;      requests in (plan, goto, stop, map, status)
 * wally/&lt;id&gt;/reply              replies to requests that name no replyTo
 * wally/&lt;id&gt;/telemetry/&lt;topic&gt;  telemetry out (pose, sensors, plan, health, mqtt)
 * </pre>
 *
 * Immutable and thread-safe.
 */
public final class MqttTopics {

    private static final Pattern ROBOT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_TOPIC_BYTES = 65_535;

    private final String base;
    private final String commandPrefix;

    /** @param robotId letters, digits, {@code -} and {@code _}, 1..64 characters (no MQTT wildcards) */
    public MqttTopics(String robotId) {
        if (robotId == null || !ROBOT_ID.matcher(robotId).matches()) {
            throw new IllegalArgumentException("robot id must be 1..64 letters, digits, - or _; was " + robotId);
        }
        this.base = "wally/" + robotId;
        this.commandPrefix = base + "/cmd/";
    }

    /** {@code wally/<id>/status}. */
    public String status() {
        return base + "/status";
    }

    /** {@code wally/<id>/reply}. */
    public String reply() {
        return base + "/reply";
    }

    /** {@code wally/<id>/cmd/+}: the only subscription the robot makes. */
    public String commandFilter() {
        return commandPrefix + "+";
    }

    /** {@code wally/<id>/cmd/<command>}. */
    public String command(String command) {
        return commandPrefix + command;
    }

    /** {@code wally/<id>/telemetry/<topic>}. */
    public String telemetry(String topic) {
        return base + "/telemetry/" + topic;
    }

    /** The command name of a request topic, or null when {@code topic} is not one of ours. */
    public String commandOf(String topic) {
        if (topic == null || !topic.startsWith(commandPrefix) || topic.length() == commandPrefix.length()) {
            return null;
        }
        String name = topic.substring(commandPrefix.length());
        return name.indexOf('/') >= 0 ? null : name;
    }

    /**
     * Why {@code topic} cannot be published to (empty, wildcard, NUL, too long), or null when it can.
     * Used for a request's {@code replyTo}.
     */
    public static String whyNotPublishable(String topic) {
        if (topic.isEmpty()) {
            return "is empty";
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return "contains an MQTT wildcard (+ or #)";
        }
        if (topic.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        if (topic.getBytes(StandardCharsets.UTF_8).length > MAX_TOPIC_BYTES) {
            return "is longer than 65535 bytes";
        }
        return null;
    }
}
