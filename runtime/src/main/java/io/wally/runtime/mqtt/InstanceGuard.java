package io.wally.runtime.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps two runtimes with the same {@code robot.id} from fighting over one broker. Each runtime has an
 * instance record ({@code {"instance":"3f9c0a12","startedAt":"…","host":"…","pid":…}}), published retained on
 * {@code wally/<id>/status/instance} when it connects and deleted when it stops cleanly.
 *
 * <p>Before every connect attempt the transport reads the retained {@code wally/<id>/status} and the record
 * (over a short connection of its own, with another client id, so that the robot already connected keeps its
 * connection) and asks {@link #clash}: another instance whose status is {@code online} and that started
 * before this one means this one is the newcomer, which then stays off MQTT instead of looping. A record
 * left by a runtime that crashed does not count: its Last Will made the status {@code offline}.
 *
 * <p>Immutable and thread-safe.
 */
public final class InstanceGuard {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MqttTopics topics;
    private final String robotId;
    private final String instance;
    private final Instant startedAt;
    private final byte[] record;

    /** A guard for a runtime started now. */
    public InstanceGuard(String robotId) {
        this(robotId, randomInstance(), Instant.now());
    }

    InstanceGuard(String robotId, String instance, Instant startedAt) {
        this.topics = new MqttTopics(robotId);
        this.robotId = robotId;
        this.instance = instance;
        this.startedAt = startedAt;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance", instance);
        m.put("startedAt", startedAt.toString());
        m.put("host", hostName());
        m.put("pid", ProcessHandle.current().pid());
        try {
            this.record = JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("instance record failed to serialise", e);
        }
    }

    private static String randomInstance() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The machine's name without a DNS look-up (which can hang for seconds on a Pi without network). */
    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return Files.readString(Path.of("/etc/hostname"), StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** This runtime's instance id (8 hex digits). */
    public String instance() {
        return instance;
    }

    /** {@code wally/<id>/status/#}: the status and the instance record (a filter matches its parent level too). */
    public String filter() {
        return topics.status() + "/#";
    }

    /** {@code wally/<id>/status/instance}. */
    public String instanceTopic() {
        return topics.status() + "/instance";
    }

    /** This runtime's record, JSON. */
    public byte[] record() {
        return record.clone();
    }

    /**
     * Why this runtime must stay off the broker, or empty when it may connect.
     *
     * @param retained the retained messages read on {@link #filter()}, by topic
     */
    public Optional<String> clash(Map<String, byte[]> retained) {
        byte[] status = retained.get(topics.status());
        byte[] other = retained.get(instanceTopic());
        if (status == null || other == null || other.length == 0
                || !"online".equals(new String(status, StandardCharsets.UTF_8).strip())) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(other);
        } catch (IOException e) {
            return Optional.empty(); // not a record of ours: nothing to go by
        }
        String otherInstance = node.path("instance").asText("");
        if (otherInstance.isEmpty() || otherInstance.equals(instance)) {
            return Optional.empty();
        }
        Instant otherStart;
        try {
            otherStart = Instant.parse(node.path("startedAt").asText(""));
        } catch (RuntimeException e) {
            otherStart = Instant.MIN;
        }
        boolean otherIsOlder = otherStart.isBefore(startedAt)
                || otherStart.equals(startedAt) && otherInstance.compareTo(instance) < 0;
        if (!otherIsOlder) {
            return Optional.empty();
        }
        return Optional.of("robot id " + robotId + " is already online on this broker: instance " + otherInstance
                + " (host " + node.path("host").asText("?") + ", pid " + node.path("pid").asText("?") + ", started "
                + otherStart + "); this runtime (instance " + instance + ") stays off MQTT and runs on locally."
                + " Stop the other one, or give this robot its own robot.id");
    }
}
