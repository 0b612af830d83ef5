package io.wally.hal.sim;

import io.wally.hal.NanoClock;
import io.wally.hal.WheelEncoders;
import io.wally.hal.WheelEncodersContract;

/**
 * The {@link WheelEncoders} contract on the simulated encoders (no odometry noise), fed wheel travel the way
 * {@link SimRobot} feeds it, stamped with a {@link SimClock}.
 */
class SimWheelEncodersContractTest extends WheelEncodersContract {

    private static final int TICKS_PER_REVOLUTION = 40;
    private static final double WHEEL_RADIUS_METERS = 0.033;
    private static final double TICKS_PER_METER = TICKS_PER_REVOLUTION / (2 * Math.PI * WHEEL_RADIUS_METERS);

    private final SimClock clock = new SimClock();
    private SimWheelEncoders encoders;
    private long leftTicks;
    private long rightTicks;
    private double leftMeters;
    private double rightMeters;

    @Override
    protected WheelEncoders create() {
        encoders = new SimWheelEncoders(TICKS_PER_REVOLUTION, WHEEL_RADIUS_METERS, 0, 1);
        return encoders;
    }

    @Override
    protected NanoClock clock() {
        return clock;
    }

    /** Moves each wheel to half a tick past its target count, so that rounding never decides the count. */
    @Override
    protected void turnWheels(long leftDeltaTicks, long rightDeltaTicks) {
        leftTicks += leftDeltaTicks;
        rightTicks += rightDeltaTicks;
        double leftTarget = (leftTicks + 0.5) / TICKS_PER_METER;
        double rightTarget = (rightTicks + 0.5) / TICKS_PER_METER;
        clock.advance(5_000_000);
        encoders.add(leftTarget - leftMeters, rightTarget - rightMeters, clock.nanoTime());
        leftMeters = leftTarget;
        rightMeters = rightTarget;
    }
}
