package io.wally.hal.sim;

import io.wally.hal.NanoClock;
import io.wally.hal.RangeSensor;
import io.wally.hal.RangeSensorContract;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@link RangeSensor} contract on the ray-cast simulation: the robot sits at the origin heading along +x
 * in an empty 6 m × 6 m world; an obstacle is a wall across the beam. Measured the way {@link SimRobot}
 * measures it, stamped with a {@link SimClock}.
 */
class SimRangeSensorContractTest extends RangeSensorContract {

    private final SimClock clock = new SimClock();
    private SimRangeSensor sensor;

    @Override
    protected RangeSensor create(double mountAngleDegrees) {
        sensor = new SimRangeSensor("front", mountAngleDegrees, MAX_RANGE_METERS,
                SimSettings.Ranger.HC_SR04_BEAM_HALF_ANGLE_DEGREES, 0, 1);
        return sensor;
    }

    @Override
    protected NanoClock clock() {
        return clock;
    }

    @Override
    protected void measureObstacleAt(double meters) {
        SimWorld world = new SimWorld(WorldGrid.fromRows(new boolean[120][120], 0.05, -3, -3));
        if (Double.isFinite(meters)) {
            world.addBox(meters, -1, meters + 0.5, 1);
        }
        clock.advance(50_000_000);
        sensor.measure(world, 0, 0, 0, clock.nanoTime());
    }

    @Override
    protected void measureWithFault() {
        Assumptions.abort("the simulated ranger has no failure mode: casting a ray cannot fail");
    }
}
