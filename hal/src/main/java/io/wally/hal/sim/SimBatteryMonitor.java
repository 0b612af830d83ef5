package io.wally.hal.sim;

import io.wally.hal.BatteryMonitor;
import io.wally.hal.BatteryReading;
import io.wally.hal.Health;

/**
 * A simulated 2-cell lithium pack: {@value #NOMINAL_VOLTS} V that sags with load; current is an idle
 * draw plus a share proportional to the mean absolute duty. Not a discharge model: enough for telemetry
 * and health code to see plausible, changing values.
 *
 * <p>Threading: {@link #sample} on the stepping thread; {@link #latest()} anywhere (volatile).
 */
final class SimBatteryMonitor implements BatteryMonitor {

    static final double NOMINAL_VOLTS = 7.4;
    static final double IDLE_AMPS = 0.35;
    static final double FULL_LOAD_AMPS = 1.6;
    static final double INTERNAL_OHMS = 0.15;

    private volatile BatteryReading latest = BatteryReading.fault(0, "no sample yet");

    void sample(double leftDuty, double rightDuty, long nowNanos) {
        double amps = IDLE_AMPS + FULL_LOAD_AMPS * (Math.abs(leftDuty) + Math.abs(rightDuty)) / 2;
        double volts = NOMINAL_VOLTS - amps * INTERNAL_OHMS;
        latest = new BatteryReading(nowNanos, volts, amps, volts * amps, Health.OK, "");
    }

    @Override
    public BatteryReading latest() {
        return latest;
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
