package io.wally.hal.sim;

import io.wally.hal.BumpSensor;
import io.wally.hal.BumpSensorContract;
import io.wally.hal.NanoClock;

/** The {@link BumpSensor} contract on the simulated bumper, set as {@link SimRobot} sets it. */
class SimBumpSensorContractTest extends BumpSensorContract {

    private final SimClock clock = new SimClock();
    private SimBumpSensor bumper;

    @Override
    protected BumpSensor create() {
        bumper = new SimBumpSensor();
        return bumper;
    }

    @Override
    protected NanoClock clock() {
        return clock;
    }

    @Override
    protected void press(boolean pressed) {
        clock.advance(5_000_000);
        bumper.set(pressed, clock.nanoTime());
    }
}
