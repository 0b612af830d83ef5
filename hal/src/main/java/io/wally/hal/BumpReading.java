package io.wally.hal;

import java.util.Objects;

/**
 * State of a bump switch.
 *
 * @param timestampNanos when the state was last observed or changed, on the device's {@link NanoClock}
 * @param pressed true while the bumper touches something
 * @param health whether the state may be used
 * @param reason why the reading is not OK; empty when OK
 */
public record BumpReading(long timestampNanos, boolean pressed, Health health, String reason) implements Reading<BumpReading> {

    /** Checks that health and reason are present. */
    public BumpReading {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public BumpReading withHealth(Health health, String reason) {
        return new BumpReading(timestampNanos, pressed, health, reason);
    }
}
