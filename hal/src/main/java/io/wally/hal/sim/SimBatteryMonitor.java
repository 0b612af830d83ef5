package io.wally.hal.sim;

import io.wally.hal.BatteryCurve;
import io.wally.hal.BatteryMonitor;
import io.wally.hal.BatteryReading;
import io.wally.hal.Health;

/**
 * A simulated 2-cell lithium pack of {@value #CAPACITY_AMP_HOURS} Ah that drains with use: the current is an
 * idle draw plus a share proportional to the mean absolute duty, the charge falls by current × time, the
 * resting voltage follows {@link BatteryCurve#TWO_CELL_LI_ION} at that charge and sags with load by
 * {@value #INTERNAL_OHMS} Ω. About five and a half hours idle, an hour driving flat out: slow, but never
 * constant. Readings carry the percent of the curve, as the INA219 driver's do.
 *
 * <p>Threading: {@link #sample} on the stepping thread; {@link #latest()} and {@link #setPercent} anywhere
 * (volatile; a new charge is taken up at the next sample).
 */
final class SimBatteryMonitor implements BatteryMonitor {

    static final double CAPACITY_AMP_HOURS = 2.0;
    static final double START_PERCENT = 95;
    static final double IDLE_AMPS = 0.35;
    static final double FULL_LOAD_AMPS = 1.6;
    static final double INTERNAL_OHMS = 0.15;
    private static final double NANOS_PER_HOUR = 3600e9;

    private final BatteryCurve curve = BatteryCurve.TWO_CELL_LI_ION;
    private volatile BatteryReading latest = BatteryReading.fault(0, "no sample yet");
    private volatile double requestedPercent = Double.NaN;
    private double chargeAmpHours = CAPACITY_AMP_HOURS * START_PERCENT / 100;
    private long lastNanos = Long.MIN_VALUE;

    void sample(double leftDuty, double rightDuty, long nowNanos) {
        double amps = IDLE_AMPS + FULL_LOAD_AMPS * (Math.abs(leftDuty) + Math.abs(rightDuty)) / 2;
        double requested = requestedPercent;
        if (!Double.isNaN(requested)) {
            requestedPercent = Double.NaN;
            chargeAmpHours = CAPACITY_AMP_HOURS * requested / 100;
        } else if (lastNanos != Long.MIN_VALUE) {
            chargeAmpHours = Math.max(0, chargeAmpHours - amps * (nowNanos - lastNanos) / NANOS_PER_HOUR);
        }
        lastNanos = nowNanos;
        double volts = Math.max(0, curve.volts(100 * chargeAmpHours / CAPACITY_AMP_HOURS) - amps * INTERNAL_OHMS);
        latest = curve.apply(new BatteryReading(nowNanos, volts, amps, volts * amps, Health.OK, ""));
    }

    /** Sets the charge, percent in [0, 100], from the next sample on (tests and demos of a low battery). */
    void setPercent(double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("battery percent must be in [0, 100]; was " + percent);
        }
        requestedPercent = percent;
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
