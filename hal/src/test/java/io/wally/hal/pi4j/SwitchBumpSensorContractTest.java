package io.wally.hal.pi4j;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.wally.hal.BumpSensor;
import io.wally.hal.BumpSensorContract;
import io.wally.hal.NanoClock;
import org.junit.jupiter.api.AfterEach;

/** The {@link BumpSensor} contract on a switch to ground on a Pi4J mock input (pull-up: pressed is LOW). */
class SwitchBumpSensorContractTest extends BumpSensorContract {

    private final MockPi4j pi = new MockPi4j();
    private final MockPi4j.ManualClock clock = new MockPi4j.ManualClock();
    private final MockDigitalInput line = pi.input(26);

    @AfterEach
    void tearDown() {
        pi.close();
    }

    @Override
    protected BumpSensor create() {
        line.mockState(DigitalState.HIGH); // released
        return new SwitchBumpSensor(line, clock);
    }

    @Override
    protected NanoClock clock() {
        return clock;
    }

    @Override
    protected void press(boolean pressed) {
        clock.advanceNanos(1_000_000);
        line.mockState(pressed ? DigitalState.LOW : DigitalState.HIGH);
    }
}
