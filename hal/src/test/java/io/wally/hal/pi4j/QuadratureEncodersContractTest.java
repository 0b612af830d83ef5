package io.wally.hal.pi4j;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.wally.hal.NanoClock;
import io.wally.hal.WheelEncoders;
import io.wally.hal.WheelEncodersContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@link WheelEncoders} contract on the quadrature decoder over Pi4J's mock inputs: turning a wheel
 * walks its A/B lines through the Gray code, one edge per tick, then samples as the robot's sampler does.
 */
class QuadratureEncodersContractTest extends WheelEncodersContract {

    /** AB states in forward order (A leads B); each step is one edge, one tick. */
    private static final int[] FORWARD_ORDER = {0b00, 0b10, 0b11, 0b01};

    private final MockPi4j pi = new MockPi4j();
    private final MockPi4j.ManualClock clock = new MockPi4j.ManualClock();
    private final MockDigitalInput leftA = pi.input(17);
    private final MockDigitalInput leftB = pi.input(27);
    private final MockDigitalInput rightA = pi.input(22);
    private final MockDigitalInput rightB = pi.input(25);
    private QuadratureEncoders encoders;

    @AfterEach
    void tearDown() {
        pi.close();
    }

    @Override
    protected WheelEncoders create() {
        encoders = new QuadratureEncoders(leftA, leftB, rightA, rightB, clock, 48, 1_000_000_000L);
        return encoders;
    }

    @Override
    protected NanoClock clock() {
        return clock;
    }

    @Override
    protected void turnWheels(long leftTicks, long rightTicks) {
        step(leftA, leftB, leftTicks);
        step(rightA, rightB, rightTicks);
        clock.advanceNanos(5_000_000);
        encoders.sample();
    }

    private static void step(MockDigitalInput a, MockDigitalInput b, long ticks) {
        for (long i = 0; i < Math.abs(ticks); i++) {
            int state = (a.isHigh() ? 2 : 0) | (b.isHigh() ? 1 : 0);
            int index = 0;
            while (FORWARD_ORDER[index] != state) {
                index++;
            }
            int next = FORWARD_ORDER[Math.floorMod(index + (ticks > 0 ? 1 : -1), 4)];
            if ((next & 2) != (state & 2)) {
                a.mockState((next & 2) != 0 ? DigitalState.HIGH : DigitalState.LOW);
            } else {
                b.mockState((next & 1) != 0 ? DigitalState.HIGH : DigitalState.LOW);
            }
        }
    }
}
