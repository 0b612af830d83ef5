package io.wally.hal.sim;

import io.wally.hal.Angles;
import io.wally.hal.RangeReading;
import io.wally.hal.RangeSensor;
import java.util.SplittableRandom;

/**
 * A simulated ultrasonic range sensor: like a real one it reports the nearest echo within its beam, a
 * cone of {@code beamHalfAngle} around the mounting direction, sampled by rays cast from the robot's axle
 * midpoint against the {@link SimWorld} every {@value #RAY_SPACING_DEGREES}° (and at both edges), plus
 * Gaussian noise; nothing within range reads exactly {@code maxRangeMeters}. As with the real sensor,
 * the reading says how far, not in which direction within the cone. Measured by the simulation step
 * every {@code rangerPeriodSeconds}.
 *
 * <p>Threading: {@link #measure} on the stepping thread; {@link #latest()} anywhere (volatile). Lifecycle:
 * after {@link #close()} the last reading stays and {@link #measure} no longer changes it.
 */
final class SimRangeSensor implements RangeSensor {

    /** Angular spacing of the rays that sample the beam, degrees. */
    static final double RAY_SPACING_DEGREES = 2.5;

    private final String name;
    private final double mountAngleRadians;
    private final double maxRangeMeters;
    private final double noiseMeters;
    private final double[] rayOffsetsRadians;
    private final SplittableRandom random;
    private volatile RangeReading latest;
    private volatile boolean closed;

    SimRangeSensor(String name, double mountAngleDegrees, double maxRangeMeters, double beamHalfAngleDegrees,
            double noiseMeters, long seed) {
        int perSide = (int) Math.ceil(beamHalfAngleDegrees / RAY_SPACING_DEGREES);
        this.rayOffsetsRadians = new double[2 * perSide + 1];
        for (int i = -perSide; i <= perSide; i++) {
            double degrees = Math.clamp(i * RAY_SPACING_DEGREES, -beamHalfAngleDegrees, beamHalfAngleDegrees);
            rayOffsetsRadians[i + perSide] = Math.toRadians(degrees);
        }
        this.name = name;
        this.mountAngleRadians = Angles.wrap(Math.toRadians(mountAngleDegrees));
        this.maxRangeMeters = maxRangeMeters;
        this.noiseMeters = noiseMeters;
        this.random = new SplittableRandom(seed);
        this.latest = RangeReading.fault(0, maxRangeMeters, "no measurement yet");
    }

    /** Takes one measurement and publishes it; does nothing once closed ({@link RangeSensor}: no more updates). */
    void measure(SimWorld world, double x, double y, double headingRadians, long nowNanos) {
        if (closed) {
            return;
        }
        double truth = maxRangeMeters;
        for (double offset : rayOffsetsRadians) {
            truth = Math.min(truth, world.castRay(x, y, headingRadians + mountAngleRadians + offset, maxRangeMeters));
        }
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

    /** Stops updating readings (the ray caster holds no other resources); idempotent. */
    @Override
    public void close() {
        closed = true;
    }
}
