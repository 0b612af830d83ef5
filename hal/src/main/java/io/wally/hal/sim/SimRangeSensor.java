package io.wally.hal.sim;

import io.wally.hal.RangeReading;
import io.wally.hal.RangeSensor;
import java.util.SplittableRandom;

/**
 * A simulated range sensor: a single ray cast from the robot's axle midpoint along the mounting
 * direction against the {@link SimWorld}, plus Gaussian noise; nothing within range reads exactly
 * {@code maxRangeMeters}. Measured by the simulation step every {@code rangerPeriodSeconds}.
 *
 * <p>Threading: {@link #measure} on the stepping thread; {@link #latest()} anywhere (volatile).
 */
final class SimRangeSensor implements RangeSensor {

    private final String name;
    private final double mountAngleRadians;
    private final double maxRangeMeters;
    private final double noiseMeters;
    private final SplittableRandom random;
    private volatile RangeReading latest;

    SimRangeSensor(String name, double mountAngleDegrees, double maxRangeMeters, double noiseMeters, long seed) {
        this.name = name;
        this.mountAngleRadians = DifferentialDriveModel.normalize(Math.toRadians(mountAngleDegrees));
        this.maxRangeMeters = maxRangeMeters;
        this.noiseMeters = noiseMeters;
        this.random = new SplittableRandom(seed);
        this.latest = RangeReading.fault(0, maxRangeMeters, "no measurement yet");
    }

    void measure(SimWorld world, double x, double y, double headingRadians, long nowNanos) {
        double truth = world.castRay(x, y, headingRadians + mountAngleRadians, maxRangeMeters);
        double range = truth >= maxRangeMeters ? maxRangeMeters
                : Math.clamp(truth + noiseMeters * random.nextGaussian(), 0, maxRangeMeters);
        latest = RangeReading.ok(nowNanos, range, maxRangeMeters);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double mountAngleRadians() {
        return mountAngleRadians;
    }

    @Override
    public double maxRangeMeters() {
        return maxRangeMeters;
    }

    @Override
    public RangeReading latest() {
        return latest;
    }

    @Override
    public void close() {
        // Nothing to release: the ray caster holds no resources.
    }
}
