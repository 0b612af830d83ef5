package io.wally.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.pwm.Pwm;
import io.wally.hal.Health;
import io.wally.hal.NanoClock;
import io.wally.hal.RangeSensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pi4jRobotTest {

    /** The kit of robot-config/wally-pi.yaml. */
    static Pi4jRobotSettings kit(Pi4jRobotSettings.MotorDriverKind kind, int leftPwmPin) {
        return new Pi4jRobotSettings(kind, 0.8, 1000,
                new Pi4jRobotSettings.MotorPins(leftPwmPin, 5, 6), new Pi4jRobotSettings.MotorPins(13, 16, 20),
                kind == Pi4jRobotSettings.MotorDriverKind.TB6612 ? 21 : null,
                List.of(new Pi4jRobotSettings.RangerPins("front", 23, 24, 0, 4.0),
                        new Pi4jRobotSettings.RangerPins("left", 7, 8, 45, 4.0)),
                new Pi4jRobotSettings.EncoderPins(17, 27, 22, 25), 40,
                new Pi4jRobotSettings.I2cAddress(1, 0x68), new Pi4jRobotSettings.I2cAddress(1, 0x40), 26);
    }

    @Test
    void shouldProvisionEveryConfiguredLineAndDriveTheRightPinsWhenOpened() {
        MockPi4j pi = new MockPi4j();
        try (Pi4jRobot robot = Pi4jRobot.open(kit(Pi4jRobotSettings.MotorDriverKind.TB6612, 12), pi.context,
                NanoClock.SYSTEM)) {
            var registry = pi.context.registry();
            assertThat(registry.get("motor-left-in1", DigitalOutput.class).address()).isEqualTo(5);
            assertThat(registry.get("motor-left-in2", DigitalOutput.class).address()).isEqualTo(6);
            assertThat(registry.get("motor-right-in1", DigitalOutput.class).address()).isEqualTo(16);
            assertThat(registry.get("motor-standby", DigitalOutput.class).address()).isEqualTo(21);
            assertThat(registry.get("motor-left-pwm", Pwm.class).address()).isZero(); // BCM 12 = PWM0
            assertThat(registry.get("motor-right-pwm", Pwm.class).address()).isEqualTo(1); // BCM 13 = PWM1
            assertThat(registry.get("ranger-front-trig", DigitalOutput.class).address()).isEqualTo(23);
            assertThat(registry.exists("ranger-left-echo")).isTrue();
            assertThat(registry.exists("encoder-right-b")).isTrue();
            assertThat(registry.exists("bumper")).isTrue();
            I2C imuBus = registry.get("imu", I2C.class);
            assertThat(imuBus.bus()).isEqualTo(1);
            assertThat(imuBus.device()).isEqualTo(0x68);
            assertThat(registry.get("battery", I2C.class).device()).isEqualTo(0x40);
            assertThat(robot.rangeSensors()).extracting(RangeSensor::name).containsExactly("front", "left");
            assertThat(robot.rangeSensors().get(1).mountAngleRadians()).isEqualTo(Math.toRadians(45));
            assertThat(robot.bumper()).isPresent();
            assertThat(robot.battery()).isPresent();

            // when driving forward through the robot
            robot.motors().setDuty(1.0, 1.0);

            // then the left channel's lines are the configured ones, at the 80 % limit
            assertThat(registry.get("motor-left-in1", DigitalOutput.class).state()).isEqualTo(DigitalState.HIGH);
            assertThat(registry.get("motor-left-pwm", Pwm.class).dutyCycle()).isEqualTo(80);

            // and a mock IMU that answers nothing is a FAULT, not a crash
            assertThat(robot.imu().latest().health()).isEqualTo(Health.FAULT);
        }
        assertThat(pi.context.isShutdown()).isTrue();
    }

    @Test
    void shouldSampleDevicesOnItsOwnThreadsSoPollingNeverWaits() throws InterruptedException {
        MockPi4j pi = new MockPi4j();
        try (Pi4jRobot robot = Pi4jRobot.open(kit(Pi4jRobotSettings.MotorDriverKind.TB6612, 12), pi.context,
                NanoClock.SYSTEM)) {
            long firstEncoderStamp = robot.encoders().latest().timestampNanos();
            // the mock rangers never echo: the sampler's bounded measurement turns that into a FAULT reading
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!robot.rangeSensors().get(0).latest().reason().startsWith("no echo")
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(robot.rangeSensors().get(0).latest().reason()).isEqualTo("no echo within 50 ms on ranger front");
            assertThat(robot.encoders().latest().timestampNanos()).isGreaterThan(firstEncoderStamp);
            // and a poll returns at once, whatever the samplers are doing
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                robot.rangeSensors().get(1).latest();
                robot.imu().latest();
                robot.encoders().latest();
            }
            assertThat(System.nanoTime() - start).isLessThan(Hcsr04RangeSensor.DEFAULT_ECHO_TIMEOUT_NANOS);
        }
    }

    @Test
    void shouldRejectPinWithoutHardwarePwmAndReleaseContext() {
        MockPi4j pi = new MockPi4j();

        assertThatThrownBy(() -> Pi4jRobot.open(kit(Pi4jRobotSettings.MotorDriverKind.L298N, 5), pi.context,
                NanoClock.SYSTEM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PWM pin must be BCM 12, 13, 18 or 19 (hardware PWM); was 5");
        assertThat(pi.context.isShutdown()).isTrue();
    }

    @Test
    void shouldRejectBadSettingsWithNameAndValue() {
        assertThatThrownBy(() -> new Pi4jRobotSettings.MotorPins(12, 5, 40))
                .hasMessage("backwardPin must be a BCM GPIO number in [0, 27]; was 40");
        assertThatThrownBy(() -> new Pi4jRobotSettings.I2cAddress(1, 0x80))
                .hasMessage("I2C address must be in [0x03, 0x77]; was 0x80");
        assertThatThrownBy(() -> Pi4jRobotSettings.MotorDriverKind.parse("drv8833"))
                .hasMessage("motor driver must be tb6612 or l298n; was drv8833");
    }
}
