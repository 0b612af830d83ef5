package io.wally.hal.sim;

import io.wally.hal.DriveMotors;
import io.wally.hal.DriveMotorsContract;

/** The {@link DriveMotors} contract on the simulated robot's motors. */
class SimDriveMotorsContractTest extends DriveMotorsContract {

    @Override
    protected DriveMotors create() {
        return new SimDriveMotors();
    }
}
