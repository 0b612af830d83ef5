package io.wally.hal.pi4j;

import io.wally.hal.DriveMotors;
import io.wally.hal.DriveMotorsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The {@link DriveMotors} contract on both H-bridges, over Pi4J's mock providers. */
class HBridgeMotorsContractTest {

    private final MockPi4j pi = new MockPi4j();

    @AfterEach
    void tearDown() {
        pi.close();
    }

    @Nested
    class Tb6612 extends DriveMotorsContract {
        @Override
        protected DriveMotors create() {
            return HBridgeMotors.tb6612(pi.pwm(0), pi.output(5), pi.output(6), pi.pwm(1), pi.output(16), pi.output(20),
                    pi.output(21), 0.8, 1000);
        }
    }

    @Nested
    class L298n extends DriveMotorsContract {
        @Override
        protected DriveMotors create() {
            return HBridgeMotors.l298n(pi.pwm(0), pi.output(5), pi.output(6), pi.pwm(1), pi.output(16), pi.output(20),
                    1.0, 1000);
        }
    }
}
