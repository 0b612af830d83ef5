package io.wally.hal.sim;

import io.wally.hal.EncoderReading;
import io.wally.hal.Health;
import io.wally.hal.WheelEncoders;
import java.util.SplittableRandom;

/**
 * Simulated wheel encoders: each step adds the wheel's travel, scaled by {@code 1 + odometryNoise × N(0, 1)}
 * (slip and tyre wear), and the count is that distance in whole ticks (rounded down, as an encoder only
 * counts edges it has passed).
 *
 * <p>Threading: {@link #add} on the stepping thread; {@link #latest()} anywhere (one volatile record).
 */
final class SimWheelEncoders implements WheelEncoders {

    private final int ticksPerRevolution;
    private final double ticksPerMeter;
    private final double odometryNoise;
    private final SplittableRandom random;
    private double leftMeters;
    private double rightMeters;
    private volatile EncoderReading latest = new EncoderReading(0, 0, 0, Health.OK, "");

    SimWheelEncoders(int ticksPerRevolution, double wheelRadiusMeters, double odometryNoise, long seed) {
        this.ticksPerRevolution = ticksPerRevolution;
        this.ticksPerMeter = ticksPerRevolution / (2 * Math.PI * wheelRadiusMeters);
        this.odometryNoise = odometryNoise;
        this.random = new SplittableRandom(seed);
    }

    void add(double leftTravelMeters, double rightTravelMeters, long nowNanos) {
        leftMeters += leftTravelMeters * (1 + odometryNoise * random.nextGaussian());
        rightMeters += rightTravelMeters * (1 + odometryNoise * random.nextGaussian());
        long left = (long) Math.floor(leftMeters * ticksPerMeter);
        long right = (long) Math.floor(rightMeters * ticksPerMeter);
        EncoderReading previous = latest;
        if (previous.leftTicks() != left || previous.rightTicks() != right) {
            latest = new EncoderReading(nowNanos, left, right, Health.OK, "");
        } else if (nowNanos - previous.timestampNanos() > 50_000_000L) {
            latest = new EncoderReading(nowNanos, left, right, Health.OK, ""); // fresh stamp while standing still
        }
    }

    @Override
    public int ticksPerRevolution() {
        return ticksPerRevolution;
    }

    @Override
    public EncoderReading latest() {
        return latest;
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
