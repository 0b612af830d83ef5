package io.wally.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.wally.hal.BumpReading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwitchBumpSensorTest {

    private final MockPi4j pi = new MockPi4j();
    private final MockPi4j.ManualClock clock = new MockPi4j.ManualClock();
    private final MockDigitalInput line = pi.input(26);

    @AfterEach
    void tearDown() {
        pi.close();
    }

    @Test
    void shouldReportPressedWhenLinePulledLowAndReleasedWhenHigh() {
        line.mockState(DigitalState.HIGH); // pull-up: released
        try (SwitchBumpSensor bumper = new SwitchBumpSensor(line, clock)) {
            assertThat(bumper.latest().pressed()).isFalse();

            clock.advanceNanos(1_000);
            line.mockState(DigitalState.LOW);
            BumpReading pressed = bumper.latest();

            assertThat(pressed.pressed()).isTrue();
            assertThat(pressed.timestampNanos()).isEqualTo(clock.nanoTime());

            line.mockState(DigitalState.HIGH);
            assertThat(bumper.latest().pressed()).isFalse();
        }
    }
}
