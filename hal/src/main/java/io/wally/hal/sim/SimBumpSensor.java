package io.wally.hal.sim;

import io.wally.hal.BumpReading;
import io.wally.hal.BumpSensor;
import io.wally.hal.Health;

/**
 * A simulated bumper: pressed while the robot's footprint is blocked by the world (the last step had to be
 * undone). Threading: {@link #set} on the stepping thread; {@link #latest()} anywhere (volatile).
 */
final class SimBumpSensor implements BumpSensor {

    private volatile BumpReading latest = new BumpReading(0, false, Health.OK, "");

    void set(boolean pressed, long nowNanos) {
        if (latest.pressed() != pressed) {
            latest = new BumpReading(nowNanos, pressed, Health.OK, "");
        }
    }

    @Override
    public BumpReading latest() {
        return latest;
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
