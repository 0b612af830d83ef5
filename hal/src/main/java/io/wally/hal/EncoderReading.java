package io.wally.hal;

import java.util.Objects;

/**
 * Cumulative tick counts of both wheel encoders.
 *
 * <p>Immutable. Counts are signed and cumulative since the encoders were opened: forward wheel travel
 * counts up, backward counts down. Convert with the configured ticks per revolution and wheel radius.
 *
 * @param timestampNanos when the counts were sampled, on the device's {@link NanoClock}
 * @param leftTicks left wheel ticks since opening (forward positive)
 * @param rightTicks right wheel ticks since opening (forward positive)
 * @param health whether the counts may be used
 * @param reason why the reading is not OK; when OK, empty or a note that edges were lost since opening
 *     (for example {@code "3 missed edges since start"}: the counts may then be off by up to that many ticks)
 */
public record EncoderReading(long timestampNanos, long leftTicks, long rightTicks, Health health, String reason) implements Reading<EncoderReading> {

    /** Checks that health and reason are present. */
    public EncoderReading {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(reason, "reason");
    }

    /** True when the counts may be used ({@link Health#OK}). */
    public boolean valid() {
        return health == Health.OK;
    }

    @Override
    public EncoderReading withHealth(Health health, String reason) {
        return new EncoderReading(timestampNanos, leftTicks, rightTicks, health, reason);
    }
}
