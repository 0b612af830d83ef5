package io.wally.runtime.command;

import io.wally.hal.NanoClock;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The time stamp every telemetry message carries, first in its payload: {@code epochMillis} (wall-clock
 * milliseconds since 1970, to place a message in the day) and {@code monotonicNanos} (the machine's monotonic
 * clock, to order messages of one run and measure the intervals between them; never goes back, meaningless
 * across restarts and machines).
 *
 * <p>Immutable; any thread. Allocates the payload map: telemetry threads only, never the control loop.
 */
public final class TelemetryStamp {

    /** The machine's clocks: {@link InstantSource#system()} and {@link System#nanoTime()}. */
    public static final TelemetryStamp SYSTEM = new TelemetryStamp(InstantSource.system(), NanoClock.SYSTEM);

    /** Key of the wall-clock stamp. */
    public static final String EPOCH_MILLIS = "epochMillis";
    /** Key of the monotonic stamp. */
    public static final String MONOTONIC_NANOS = "monotonicNanos";

    private final InstantSource wall;
    private final NanoClock monotonic;

    /** Stamps from these clocks (tests inject fixed ones). */
    public TelemetryStamp(InstantSource wall, NanoClock monotonic) {
        this.wall = Objects.requireNonNull(wall, "wall");
        this.monotonic = Objects.requireNonNull(monotonic, "monotonic");
    }

    /** A new payload holding only the stamp of now; the caller adds its fields after it. */
    public Map<String, Object> payload() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(EPOCH_MILLIS, wall.millis());
        m.put(MONOTONIC_NANOS, monotonic.nanoTime());
        return m;
    }

    /** A new payload: the stamp of now, then every field of {@code fields} in its order. */
    public Map<String, Object> stamp(Map<String, ?> fields) {
        Map<String, Object> m = payload();
        m.putAll(fields);
        return m;
    }
}
