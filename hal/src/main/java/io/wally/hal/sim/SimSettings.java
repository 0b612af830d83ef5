package io.wally.hal.sim;

import java.util.List;
import java.util.Objects;

/**
 * Parameters of the simulated robot; plain values so that the runtime can map its configuration onto
 * them. Immutable, validated on construction (name and value in every message).
 *
 * @param wheelBaseMeters distance between the wheels, metres, {@code > 0}
 * @param wheelRadiusMeters wheel radius, metres, {@code > 0}
 * @param maxWheelSpeedMps a wheel's steady ground speed at duty 1, m/s, {@code > 0}
 * @param motorTimeConstantSeconds wheel speed lag, seconds, {@code >= 0}
 * @param encoderTicksPerRev encoder edges per wheel revolution, {@code > 0}
 * @param robotRadiusMeters radius of the robot's footprint for collisions, metres, {@code > 0}
 * @param rangers the simulated range sensors
 * @param rangeNoiseMeters standard deviation of range readings, metres, {@code >= 0}
 * @param odometryNoise relative standard deviation of wheel travel per step, {@code >= 0}
 * @param gyroNoiseRadPerS standard deviation of gyro readings, rad/s, {@code >= 0}
 * @param seed noise seed: the same seed and the same inputs give the same run
 * @param startX start position x, metres
 * @param startY start position y, metres
 * @param startHeadingRadians start heading, radians counter-clockwise from +x
 * @param stepSeconds physics step, seconds, in (0, 0.1]
 * @param rangerPeriodSeconds time between two range readings of a sensor, seconds, {@code >= stepSeconds}
 */
public record SimSettings(
        double wheelBaseMeters, double wheelRadiusMeters, double maxWheelSpeedMps, double motorTimeConstantSeconds,
        int encoderTicksPerRev, double robotRadiusMeters, List<Ranger> rangers, double rangeNoiseMeters,
        double odometryNoise, double gyroNoiseRadPerS, long seed, double startX, double startY,
        double startHeadingRadians, double stepSeconds, double rangerPeriodSeconds) {

    /**
     * A simulated range sensor mounted at {@code angleDegrees} (counter-clockwise, 0 = ahead), hearing
     * echoes within {@code beamHalfAngleDegrees} of its axis.
     */
    public record Ranger(String name, double angleDegrees, double maxRangeMeters, double beamHalfAngleDegrees) {

        /**
         * Half-angle of an HC-SR04's beam, degrees: the datasheet gives a 15° "measuring angle", taken here
         * as the half-angle of the cone in which an obstacle returns an echo.
         */
        public static final double HC_SR04_BEAM_HALF_ANGLE_DEGREES = 15;

        /** An HC-SR04-like sensor ({@link #HC_SR04_BEAM_HALF_ANGLE_DEGREES}). */
        public Ranger(String name, double angleDegrees, double maxRangeMeters) {
            this(name, angleDegrees, maxRangeMeters, HC_SR04_BEAM_HALF_ANGLE_DEGREES);
        }

        /** Checks the values. */
        public Ranger {
            Objects.requireNonNull(name, "ranger name");
            positive("maxRangeMeters of ranger " + name, maxRangeMeters);
            if (!(beamHalfAngleDegrees >= 0 && beamHalfAngleDegrees < 90)) {
                throw new IllegalArgumentException("beamHalfAngleDegrees of ranger " + name + " must be in [0, 90); was "
                        + beamHalfAngleDegrees);
            }
        }
    }

    /** Validates every value. */
    public SimSettings {
        positive("wheelBaseMeters", wheelBaseMeters);
        positive("wheelRadiusMeters", wheelRadiusMeters);
        positive("maxWheelSpeedMps", maxWheelSpeedMps);
        nonNegative("motorTimeConstantSeconds", motorTimeConstantSeconds);
        if (encoderTicksPerRev <= 0) {
            throw new IllegalArgumentException("encoderTicksPerRev must be > 0; was " + encoderTicksPerRev);
        }
        positive("robotRadiusMeters", robotRadiusMeters);
        rangers = List.copyOf(Objects.requireNonNull(rangers, "rangers"));
        nonNegative("rangeNoiseMeters", rangeNoiseMeters);
        nonNegative("odometryNoise", odometryNoise);
        nonNegative("gyroNoiseRadPerS", gyroNoiseRadPerS);
        if (!Double.isFinite(startX) || !Double.isFinite(startY) || !Double.isFinite(startHeadingRadians)) {
            throw new IllegalArgumentException("start pose must be finite; was (" + startX + ", " + startY + ", "
                    + startHeadingRadians + ")");
        }
        if (!(stepSeconds > 0 && stepSeconds <= 0.1)) {
            throw new IllegalArgumentException("stepSeconds must be in (0, 0.1]; was " + stepSeconds);
        }
        if (!(rangerPeriodSeconds >= stepSeconds) || Double.isInfinite(rangerPeriodSeconds)) {
            throw new IllegalArgumentException("rangerPeriodSeconds must be >= stepSeconds (" + stepSeconds
                    + "); was " + rangerPeriodSeconds);
        }
    }

    /**
     * A small two-wheeled robot with no noise, starting at {@code (startX, startY)} heading along +x: 15 cm
     * wheel base, 3.3 cm wheels, 0.4 m/s, 0.1 s motor lag, 40 ticks per revolution, 10 cm footprint radius,
     * one 4 m front ranger, 5 ms steps, rangers at 20 Hz. Tests and the runtime start from here.
     */
    public static SimSettings defaults(double startX, double startY) {
        return new SimSettings(0.15, 0.033, 0.4, 0.1, 40, 0.1, List.of(new Ranger("front", 0, 4.0)), 0, 0, 0, 1,
                startX, startY, 0, 0.005, 0.05);
    }

    private static void positive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be > 0; was " + v);
        }
    }

    private static void nonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be >= 0; was " + v);
        }
    }
}
