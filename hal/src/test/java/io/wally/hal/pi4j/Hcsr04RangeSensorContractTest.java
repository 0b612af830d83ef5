package io.wally.hal.pi4j;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.wally.hal.NanoClock;
import io.wally.hal.RangeSensor;
import io.wally.hal.RangeSensorContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@link RangeSensor} contract on the HC-SR04 driver over Pi4J's mock GPIO: a trigger listener plays the
 * module (echo pulse as long as the sound's round trip, on the manual clock). The echo timeout is 5 ms so
 * that the "no echo" fault costs only that much real time.
 */
class Hcsr04RangeSensorContractTest extends RangeSensorContract {

    private static final long ECHO_TIMEOUT_NANOS = 5_000_000;
    /** The module's own "nothing there" pulse, ns. */
    private static final long NOTHING_THERE_ECHO_NANOS = 38_000_000;

    private final MockPi4j pi = new MockPi4j();
    private final MockPi4j.ManualClock clock = new MockPi4j.ManualClock();
    private final DigitalOutput trigger = pi.output(23);
    private final MockDigitalInput echo = pi.input(24);
    /** Echo pulse the module answers the next trigger with, ns; negative: the module does not answer. */
    private volatile long echoNanos = -1;
    private Hcsr04RangeSensor sensor;

    Hcsr04RangeSensorContractTest() {
        trigger.addListener(e -> {
            long pulse = echoNanos;
            if (e.state() == DigitalState.LOW && pulse >= 0) {
                clock.advanceNanos(450_000); // the 8 bursts
                echo.mockState(DigitalState.HIGH);
                clock.advanceNanos(pulse);
                echo.mockState(DigitalState.LOW);
            }
        });
    }

    @AfterEach
    void tearDown() {
        pi.close();
    }

    @Override
    protected RangeSensor create(double mountAngleDegrees) {
        sensor = new Hcsr04RangeSensor("front", trigger, echo, clock, mountAngleDegrees, MAX_RANGE_METERS,
                ECHO_TIMEOUT_NANOS, 5_000_000_000L);
        return sensor;
    }

    @Override
    protected NanoClock clock() {
        return clock;
    }

    @Override
    protected void measureObstacleAt(double meters) {
        echoNanos = Double.isFinite(meters)
                ? Math.round(2 * meters / Hcsr04RangeSensor.SPEED_OF_SOUND_MPS * 1e9)
                : NOTHING_THERE_ECHO_NANOS;
        clock.advanceNanos(60_000_000); // the datasheet's measurement cycle
        sensor.measure();
    }

    @Override
    protected void measureWithFault() {
        echoNanos = -1; // module unplugged: ECHO never rises
        clock.advanceNanos(60_000_000);
        sensor.measure();
    }
}
