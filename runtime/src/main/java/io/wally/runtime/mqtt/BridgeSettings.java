package io.wally.runtime.mqtt;

import io.wally.runtime.config.WallyConfig;
import java.util.Map;

/**
 * What the {@link MqttBridge} needs besides a transport.
 *
 * @param robotId                 names the topics {@code wally/<robot-id>/…}
 * @param maxPayloadBytes         larger requests are refused with {@code too_large}, 1..268435455
 * @param telemetryRatesHz        configured rate per telemetry topic (0 = off); the bridge lets through at most twice
 *                                this rate (a ceiling against runaway producers); topics not named are not limited
 * @param requestQueueCapacity    requests waiting for the dispatcher; beyond it: {@code busy}
 * @param replyQueueCapacity      replies waiting for the broker (e.g. while disconnected); beyond it the oldest is dropped
 * @param telemetryQueueCapacity  telemetry waiting for the broker; beyond it the oldest is dropped
 * @param replyPrefix             a request's {@code replyTo} must start with it (or be {@code wally/<id>/reply});
 *                                null: {@code wally/<id>/reply/}; see {@link MqttTopics#whyNotReplyPrefix}
 */
public record BridgeSettings(
        String robotId, int maxPayloadBytes, Map<String, Double> telemetryRatesHz, int requestQueueCapacity,
        int replyQueueCapacity, int telemetryQueueCapacity, String replyPrefix) {

    public BridgeSettings {
        MqttTopics topics = new MqttTopics(robotId); // validates the id
        if (replyPrefix == null) {
            replyPrefix = topics.replyPrefix();
        }
        String why = MqttTopics.whyNotReplyPrefix(replyPrefix);
        if (why != null) {
            throw new IllegalArgumentException("replyPrefix " + why + "; was \"" + replyPrefix + "\"");
        }
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes must be >= 1; was " + maxPayloadBytes);
        }
        telemetryRatesHz = Map.copyOf(telemetryRatesHz);
        telemetryRatesHz.forEach((topic, hz) -> {
            if (!(hz >= 0) || Double.isInfinite(hz)) {
                throw new IllegalArgumentException("telemetry rate of " + topic + " must be >= 0 Hz; was " + hz);
            }
        });
        if (requestQueueCapacity < 1 || replyQueueCapacity < 1 || telemetryQueueCapacity < 1) {
            throw new IllegalArgumentException("queue capacities must be >= 1");
        }
    }

    /** As the canonical constructor, with the default reply prefix {@code wally/<id>/reply/}. */
    public BridgeSettings(String robotId, int maxPayloadBytes, Map<String, Double> telemetryRatesHz, int requestQueueCapacity,
            int replyQueueCapacity, int telemetryQueueCapacity) {
        this(robotId, maxPayloadBytes, telemetryRatesHz, requestQueueCapacity, replyQueueCapacity, telemetryQueueCapacity, null);
    }

    /**
     * Settings from a robot's configuration: its id, payload limit, telemetry rates and reply prefix; request
     * and telemetry queues of 1024, replies 16,384.
     */
    public static BridgeSettings from(WallyConfig config) {
        WallyConfig.Mqtt.Telemetry rates = config.mqtt().telemetry();
        return new BridgeSettings(config.robot().id(), config.mqtt().maxPayloadBytes(),
                Map.of("pose", rates.poseHz(), "sensors", rates.sensorsHz(), "plan", rates.planHz(),
                        "health", rates.healthHz(), "mqtt", rates.healthHz(), "battery", rates.batteryHz()),
                1024, 16_384, 1024, config.mqtt().replyPrefix());
    }

    /** Unlimited telemetry, 64 KiB payloads, request and telemetry queues of 1024, replies 16,384: for tests and benchmarks. */
    public static BridgeSettings defaults(String robotId) {
        return new BridgeSettings(robotId, 65_536, Map.of(), 1024, 16_384, 1024);
    }

    /** A copy with other telemetry rates. */
    public BridgeSettings withTelemetryRates(Map<String, Double> rates) {
        return new BridgeSettings(robotId, maxPayloadBytes, rates, requestQueueCapacity, replyQueueCapacity,
                telemetryQueueCapacity, replyPrefix);
    }

    /** A copy with another payload limit. */
    public BridgeSettings withMaxPayloadBytes(int bytes) {
        return new BridgeSettings(robotId, bytes, telemetryRatesHz, requestQueueCapacity, replyQueueCapacity,
                telemetryQueueCapacity, replyPrefix);
    }

    /** A copy with another reply prefix (null: {@code wally/<id>/reply/}). */
    public BridgeSettings withReplyPrefix(String prefix) {
        return new BridgeSettings(robotId, maxPayloadBytes, telemetryRatesHz, requestQueueCapacity, replyQueueCapacity,
                telemetryQueueCapacity, prefix);
    }

    /** A copy with other queue capacities. */
    public BridgeSettings withQueueCapacities(int requests, int replies, int telemetry) {
        return new BridgeSettings(robotId, maxPayloadBytes, telemetryRatesHz, requests, replies, telemetry, replyPrefix);
    }
}
