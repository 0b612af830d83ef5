package io.wally.hal.sim;

import io.wally.hal.Imu;
import io.wally.hal.ImuContract;
import io.wally.hal.NanoClock;
import org.junit.jupiter.api.Assumptions;

/** The {@link Imu} contract on the simulated IMU (no gyro noise), sampled as {@link SimRobot} samples it. */
class SimImuContractTest extends ImuContract {

    private final SimClock clock = new SimClock();
    private SimImu imu;

    @Override
    protected Imu create() {
        imu = new SimImu(0, 1);
        return imu;
    }

    @Override
    protected NanoClock clock() {
        return clock;
    }

    @Override
    protected void sampleTurning(double yawRateRadPerS) {
        clock.advance(5_000_000);
        imu.sample(yawRateRadPerS, 0, 0, clock.nanoTime());
    }

    @Override
    protected void sampleWithFault() {
        Assumptions.abort("the simulated IMU has no failure mode: it is computed from the drive model");
    }
}
