package io.wally.runtime.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The topic names of one robot, all under {@code wally/<robot-id>/}:
 *
 * <pre>
 * wally/&lt;id&gt;/status             retained "online" / "offline" (the Last Will)
 * wally/&lt;id&gt;/cmd/&lt;command&gt;      requests in (plan, goto, stop, map, status, similar, rooms)
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

    /**
     * {@code wally/<id>/reply/}: the default prefix a request's {@code replyTo} must start with
     * ({@code mqtt.replyPrefix}), so that a reply can never land on a command topic.
     */
    public String replyPrefix() {
        return base + "/reply/";
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

    /**
     * Why {@code prefix} cannot be a reply prefix ({@code mqtt.replyPrefix}), or null when it can: it must
     * be publishable, end with {@code /}, and no topic under it may be a command topic of any robot
     * ({@code wally/<id>/cmd/…}), so {@code wally/} and {@code wally/<id>/} are refused.
     */
    public static String whyNotReplyPrefix(String prefix) {
        String why = whyNotPublishable(prefix);
        if (why != null) {
            return why;
        }
        if (!prefix.endsWith("/")) {
            return "must end with '/'";
        }
        String[] levels = prefix.substring(0, prefix.length() - 1).split("/", -1);
        boolean coversCommands = levels[0].equals("wally") && (levels.length < 3 || levels[2].equals("cmd"));
        if (coversCommands) {
            return "would let replies reach command topics wally/<id>/cmd/… (use e.g. wally/<id>/reply/)";
        }
        return null;
    }
}
