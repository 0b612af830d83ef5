package io.wally.hal.sim;

import io.wally.hal.Angles;

/**
 * Physics of a two-wheeled differential-drive base: a pure model with inputs, a time step and getters,
 * no threads, no clock, no I/O.
 *
 * <p>Each wheel's ground speed follows its duty with a first-order lag: the target speed is
 * {@code duty × maxWheelSpeedMps} and the speed approaches it as {@code exp(-t / motorTimeConstantSeconds)}
 * (a DC motor's mechanical time constant; 0 means the wheel reaches its target at once). Within one
 * {@link #update} the wheel travel is integrated exactly for that lag, and the pose moves along the arc
 * that the two travels describe (exact when the wheel speeds are constant over the step).
 *
 * <p>Frame: x, y in metres in the map's frame, heading in radians counter-clockwise from +x, normalised
 * to (-π, π]. Positive duty drives a wheel forward; more right than left turns left (counter-clockwise).
 *
 * <p>Threading: not thread-safe; one owner (the simulation step) calls everything.
 */
public final class DifferentialDriveModel {

    private final double wheelBaseMeters;
    private final double maxWheelSpeedMps;
    private final double motorTimeConstantSeconds;

    private double leftDuty;
    private double rightDuty;
    private double leftSpeedMps;
    private double rightSpeedMps;
    private double xMeters;
    private double yMeters;
    private double headingRadians;
    private double leftDistanceMeters;
    private double rightDistanceMeters;
    private double lastLeftTravelMeters;
    private double lastRightTravelMeters;

    /**
     * @param wheelBaseMeters distance between the wheels' contact points, metres, {@code > 0}
     * @param maxWheelSpeedMps a wheel's steady ground speed at duty 1, m/s, {@code > 0}
     * @param motorTimeConstantSeconds the wheels' speed lag, seconds, {@code >= 0}
     */
    public DifferentialDriveModel(double wheelBaseMeters, double maxWheelSpeedMps, double motorTimeConstantSeconds) {
        if (!(wheelBaseMeters > 0)) {
            throw new IllegalArgumentException("wheelBaseMeters must be > 0; was " + wheelBaseMeters);
        }
        if (!(maxWheelSpeedMps > 0)) {
            throw new IllegalArgumentException("maxWheelSpeedMps must be > 0; was " + maxWheelSpeedMps);
        }
        if (!(motorTimeConstantSeconds >= 0)) {
            throw new IllegalArgumentException(
                    "motorTimeConstantSeconds must be >= 0; was " + motorTimeConstantSeconds);
        }
        this.wheelBaseMeters = wheelBaseMeters;
        this.maxWheelSpeedMps = maxWheelSpeedMps;
        this.motorTimeConstantSeconds = motorTimeConstantSeconds;
    }

    /**
     * Sets the motor inputs held until the next call.
     *
     * @param leftDuty left wheel duty in [-1, 1], forward positive
     * @param rightDuty right wheel duty in [-1, 1], forward positive
     */
    public void setInputs(double leftDuty, double rightDuty) {
        if (!(leftDuty >= -1 && leftDuty <= 1)) {
            throw new IllegalArgumentException("left duty must be in [-1, 1]; was " + leftDuty);
        }
        if (!(rightDuty >= -1 && rightDuty <= 1)) {
            throw new IllegalArgumentException("right duty must be in [-1, 1]; was " + rightDuty);
        }
        this.leftDuty = leftDuty;
        this.rightDuty = rightDuty;
    }

    /** Places the robot (wheel speeds unchanged). */
    public void setPose(double xMeters, double yMeters, double headingRadians) {
        this.xMeters = xMeters;
        this.yMeters = yMeters;
        this.headingRadians = Angles.wrap(headingRadians);
    }

    /** Stops both wheels dead (a collision): speeds become 0; inputs are kept. */
    public void stopWheels() {
        leftSpeedMps = 0;
        rightSpeedMps = 0;
    }

    /**
     * Advances the model by {@code dtSeconds}.
     *
     * @param dtSeconds the step, seconds, {@code >= 0}
     */
    public void update(double dtSeconds) {
        if (!(dtSeconds >= 0) || Double.isInfinite(dtSeconds)) {
            throw new IllegalArgumentException("dtSeconds must be finite and >= 0; was " + dtSeconds);
        }
        double leftTarget = leftDuty * maxWheelSpeedMps;
        double rightTarget = rightDuty * maxWheelSpeedMps;
        double dl;
        double dr;
        if (motorTimeConstantSeconds == 0) {
            dl = leftTarget * dtSeconds;
            dr = rightTarget * dtSeconds;
            leftSpeedMps = leftTarget;
            rightSpeedMps = rightTarget;
        } else {
            double decay = Math.exp(-dtSeconds / motorTimeConstantSeconds);
            double settled = motorTimeConstantSeconds * (1 - decay);
            dl = leftTarget * dtSeconds + (leftSpeedMps - leftTarget) * settled;
            dr = rightTarget * dtSeconds + (rightSpeedMps - rightTarget) * settled;
            leftSpeedMps = leftTarget + (leftSpeedMps - leftTarget) * decay;
            rightSpeedMps = rightTarget + (rightSpeedMps - rightTarget) * decay;
        }
        double ds = (dl + dr) / 2;
        double dTheta = (dr - dl) / wheelBaseMeters;
        if (Math.abs(dTheta) < 1e-9) {
            double mid = headingRadians + dTheta / 2;
            xMeters += ds * Math.cos(mid);
            yMeters += ds * Math.sin(mid);
        } else {
            double radius = ds / dTheta;
            xMeters += radius * (Math.sin(headingRadians + dTheta) - Math.sin(headingRadians));
            yMeters -= radius * (Math.cos(headingRadians + dTheta) - Math.cos(headingRadians));
        }
        headingRadians = Angles.wrap(headingRadians + dTheta);
        leftDistanceMeters += dl;
        rightDistanceMeters += dr;
        lastLeftTravelMeters = dl;
        lastRightTravelMeters = dr;
    }

    /** x of the wheel axle's midpoint, metres. */
    public double xMeters() {
        return xMeters;
    }

    /** y of the wheel axle's midpoint, metres. */
    public double yMeters() {
        return yMeters;
    }

    /** Heading, radians in (-π, π], counter-clockwise from +x. */
    public double headingRadians() {
        return headingRadians;
    }

    /** Left wheel ground speed, m/s (forward positive). */
    public double leftSpeedMps() {
        return leftSpeedMps;
    }

    /** Right wheel ground speed, m/s (forward positive). */
    public double rightSpeedMps() {
        return rightSpeedMps;
    }

    /** Forward speed of the axle midpoint, m/s. */
    public double forwardSpeedMps() {
        return (leftSpeedMps + rightSpeedMps) / 2;
    }

    /** Yaw rate, rad/s, counter-clockwise positive. */
    public double yawRateRadPerS() {
        return (rightSpeedMps - leftSpeedMps) / wheelBaseMeters;
    }

    /** Signed distance the left wheel has rolled since creation, metres. */
    public double leftDistanceMeters() {
        return leftDistanceMeters;
    }

    /** Signed distance the right wheel has rolled since creation, metres. */
    public double rightDistanceMeters() {
        return rightDistanceMeters;
    }

    /** Left wheel travel in the last {@link #update}, metres. */
    public double lastLeftTravelMeters() {
        return lastLeftTravelMeters;
    }

    /** Right wheel travel in the last {@link #update}, metres. */
    public double lastRightTravelMeters() {
        return lastRightTravelMeters;
    }

    /** The wheel base, metres. */
    public double wheelBaseMeters() {
        return wheelBaseMeters;
    }
}
