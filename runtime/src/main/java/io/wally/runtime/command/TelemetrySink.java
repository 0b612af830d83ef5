package io.wally.runtime.command;

/**
 * Where the runtime hands telemetry for publication (the MQTT bridge implements it).
 *
 * <p>Threading: {@link #publish} never blocks: an implementation queues boundedly, dropping the oldest
 * entry and counting the drop when full. Not called from the control loop itself.
 */
public interface TelemetrySink {

    /** A sink that discards everything (no MQTT configured). */
    TelemetrySink NONE = (topic, payload) -> { };

    /**
     * Publishes {@code payload} (a Jackson-serialisable value) on {@code wally/<robot-id>/telemetry/<topic>},
     * e.g. {@code topic = "pose"}.
     */
    void publish(String topic, Object payload);
}
