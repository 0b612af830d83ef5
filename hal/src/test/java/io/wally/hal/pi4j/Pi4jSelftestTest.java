package io.wally.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import io.wally.hal.selftest.Report;
import io.wally.hal.selftest.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The self-test against the kit of {@code wally-pi.yaml} played on Pi4J's mock providers: the test answers
 * for the IMU and INA219 registers, echoes the rangers' triggers, and turns the wheels' encoders when the
 * H-bridge's direction pins say so.
 */
class Pi4jSelftestTest {

    private static final Pi4jSelftest.Options MOTORS_ON = new Pi4jSelftest.Options(true, 0.5, 5_000_000L, 6.0, 8.4);
    private static final int TICKS_PER_SPIN = 12;

    private final MockPi4j pi = new MockPi4j();
    private final MockPi4j.ManualClock clock = new MockPi4j.ManualClock();
    private final List<Result> streamed = new ArrayList<>();
    private Pi4jSelftest selftest;

    @AfterEach
    void tearDown() {
        if (selftest != null) {
            selftest.close();
        }
        pi.close();
    }

    private Pi4jSelftest provision(Pi4jSelftest.Options options) {
        selftest = Pi4jSelftest.provision(Pi4jRobotTest.kit(Pi4jRobotSettings.MotorDriverKind.TB6612, 12), options,
                pi.context, clock);
        return selftest;
    }

    /** An MPU-6050 at rest: its identity, then flat samples with 1 °/s of yaw rate and 1 g up. */
    private void imuAnswers(int whoAmI) {
        imuAnswers(whoAmI, 16384, 131);
    }

    /** An MPU-6050 whose samples read {@code accelZ} LSB up (16384 per g) and {@code gyroZ} LSB of yaw (131 per °/s). */
    private void imuAnswers(int whoAmI, int accelZ, int gyroZ) {
        MockI2C imu = pi.context.registry().get("imu", MockI2C.class);
        imu.writeRegister(Mpu6050Imu.WHO_AM_I, (byte) whoAmI);
        byte[] burst = {0, 0, 0, 0, (byte) (accelZ >> 8), (byte) accelZ, 0, 0, 0, 0, 0, 0, (byte) (gyroZ >> 8), (byte) gyroZ};
        for (int i = 0; i < Pi4jSelftest.IMU_STILL_SAMPLES; i++) {
            imu.writeRegister(Mpu6050Imu.ACCEL_XOUT_H, burst, 0, burst.length);
        }
    }

    /** The ranger answers every trigger with an echo of {@code metres}. */
    private void rangerAnswers(String name, double metres) {
        DigitalOutput trig = pi.context.registry().get("ranger-" + name + "-trig", DigitalOutput.class);
        MockDigitalInput echo = pi.context.registry().get("ranger-" + name + "-echo", MockDigitalInput.class);
        trig.addListener(e -> {
            if (e.state() == DigitalState.LOW) {
                echo.mockState(DigitalState.HIGH);
                clock.advanceNanos(Math.round(2 * metres / Hcsr04RangeSensor.SPEED_OF_SOUND_MPS * 1e9));
                echo.mockState(DigitalState.LOW);
            }
        });
    }

    /**
     * The wheel behind {@code side}'s H-bridge channel: when IN1/IN2 start driving it forward (backward),
     * {@value #TICKS_PER_SPIN} quadrature steps arrive with A leading B (B leading A) on {@code a} and {@code b}.
     */
    private void wheelTurns(String side, MockDigitalInput a, MockDigitalInput b) {
        DigitalOutput in1 = pi.context.registry().get("motor-" + side + "-in1", DigitalOutput.class);
        DigitalOutput in2 = pi.context.registry().get("motor-" + side + "-in2", DigitalOutput.class);
        in1.addListener(e -> turnIfDriven(in1, in2, a, b));
        in2.addListener(e -> turnIfDriven(in1, in2, a, b));
    }

    private static void turnIfDriven(DigitalOutput in1, DigitalOutput in2, MockDigitalInput a, MockDigitalInput b) {
        boolean forward = in1.isHigh() && in2.isLow();
        boolean backward = in1.isLow() && in2.isHigh();
        if (!forward && !backward) {
            return;
        }
        for (int i = 0; i < TICKS_PER_SPIN; i++) {
            // Gray code: forward 00 -> 10 -> 11 -> 01 -> 00 (A leads), backward the reverse
            boolean aHigh = a.isHigh();
            boolean bHigh = b.isHigh();
            boolean moveA = forward ? aHigh == bHigh : aHigh != bHigh;
            if (moveA) {
                a.mockState(aHigh ? DigitalState.LOW : DigitalState.HIGH);
            } else {
                b.mockState(bHigh ? DigitalState.LOW : DigitalState.HIGH);
            }
        }
    }

    private MockDigitalInput encoder(String id) {
        return pi.context.registry().get(id, MockDigitalInput.class);
    }

    /** An INA219 that answers its configuration register and reads {@code volts} on the bus. */
    private void batteryAnswers(double volts) {
        MockI2C ina = pi.context.registry().get("battery", MockI2C.class);
        ina.writeRegister(Ina219BatteryMonitor.CONFIGURATION, new byte[] {0x39, (byte) 0x9F}, 0, 2);
        ina.writeRegister(Ina219BatteryMonitor.SHUNT_VOLTAGE, new byte[] {0, 50}, 0, 2); // 0.5 mV: 5 mA
        int raw = (int) Math.round(volts / Ina219BatteryMonitor.BUS_VOLTS_PER_LSB) << 3;
        ina.writeRegister(Ina219BatteryMonitor.BUS_VOLTAGE, new byte[] {(byte) (raw >> 8), (byte) raw}, 0, 2);
    }

    /** Everything of the kit answers as it should, except what a test leaves out afterwards. */
    private void healthyKit(boolean motors) {
        imuAnswers(0x68);
        rangerAnswers("front", 0.82);
        rangerAnswers("left", 5.0);
        if (motors) {
            wheelTurns("left", encoder("encoder-left-a"), encoder("encoder-left-b"));
            wheelTurns("right", encoder("encoder-right-a"), encoder("encoder-right-b"));
        }
        batteryAnswers(7.6);
    }

    private static Result row(Report report, String device, String check) {
        return report.results().stream().filter(r -> r.device().equals(device) && r.check().equals(check))
                .findFirst().orElseThrow();
    }

    @Test
    void shouldPassEveryCheckWhenEveryDeviceAnswers() {
        provision(MOTORS_ON);
        healthyKit(true);

        Report report = selftest.run(streamed::add);

        assertThat(report.results()).extracting(r -> r.device() + " " + r.check() + " " + r.status() + " " + r.detail())
                .containsExactly(
                        "imu i2c PASS answers at 0x68 on bus 1",
                        "imu identity PASS WHO_AM_I 0x68 (MPU-6050)",
                        "imu still PASS gyro 1.0 deg/s max, accel 1.00 g",
                        "ranger front echo PASS 0.82 m",
                        "ranger left echo PASS nothing within 4.0 m",
                        "motor left spin PASS forward +12, backward -12 ticks",
                        "motor right spin PASS forward +12, backward -12 ticks",
                        "battery i2c PASS answers at 0x40 on bus 1",
                        "battery voltage PASS 7.60 V (pack 6.00-8.40 V)");
        assertThat(report.passed()).isTrue();
        assertThat(report.verdictLine()).isEqualTo("VERDICT: PASS - all 9 checks passed");
        assertThat(streamed).isEqualTo(report.results());
        // and the motors were left braked: both direction pins high, no PWM
        assertThat(pi.context.registry().get("motor-left-in1", DigitalOutput.class).isHigh()).isTrue();
        assertThat(pi.context.registry().get("motor-left-in2", DigitalOutput.class).isHigh()).isTrue();
        assertThat(pi.context.registry().get("motor-right-pwm", Pwm.class).isOn()).isFalse();
    }

    @Test
    void shouldNameTheChipAndSkipItsReadingWhenImuHasWrongIdentity() {
        provision(MOTORS_ON);
        healthyKit(true);
        MockI2C imu = pi.context.registry().get("imu", MockI2C.class);
        imu.readRegister(Mpu6050Imu.WHO_AM_I); // replace the healthy identity with an MPU-6500's
        imu.writeRegister(Mpu6050Imu.WHO_AM_I, (byte) 0x70);

        Report report = selftest.run(streamed::add);

        Result identity = row(report, "imu", "identity");
        assertThat(identity.status()).isEqualTo(Result.Status.FAIL);
        assertThat(identity.detail()).isEqualTo("WHO_AM_I 0x70 (an MPU-6500), expected 0x68");
        assertThat(identity.hint()).contains("fit an MPU-6050");
        assertThat(row(report, "imu", "still").status()).isEqualTo(Result.Status.SKIPPED);
        assertThat(report.verdictLine()).isEqualTo("VERDICT: FAIL - 1 of 9 checks failed: imu identity");
    }

    @Test
    void shouldFailWithWiringHintWhenRangerNeverEchoes() {
        provision(MOTORS_ON);
        imuAnswers(0x68);
        rangerAnswers("front", 0.82); // the left module stays silent
        wheelTurns("left", encoder("encoder-left-a"), encoder("encoder-left-b"));
        wheelTurns("right", encoder("encoder-right-a"), encoder("encoder-right-b"));
        batteryAnswers(7.6);

        Report report = selftest.run(streamed::add);

        Result echo = row(report, "ranger left", "echo");
        assertThat(echo.status()).isEqualTo(Result.Status.FAIL);
        assertThat(echo.detail()).isEqualTo("no echo in 3 tries");
        assertThat(echo.hint()).isEqualTo("check TRIG (BCM 7) / ECHO (BCM 8) wiring, the module's 5V and GND,"
                + " and the 5V->3.3V divider on ECHO");
        assertThat(row(report, "ranger front", "echo").status()).isEqualTo(Result.Status.PASS);
        assertThat(report.verdictLine()).isEqualTo("VERDICT: FAIL - 1 of 9 checks failed: ranger left echo");
        assertThat(report.table()).contains("ranger left      echo       FAIL    no echo in 3 tries")
                .contains("-> check TRIG (BCM 7)");
    }

    @Test
    void shouldSaySwapAAndBWhenEncoderCountsBackwards() {
        provision(MOTORS_ON);
        imuAnswers(0x68);
        rangerAnswers("front", 0.82);
        rangerAnswers("left", 1.5);
        // the left encoder's A and B wires are crossed
        wheelTurns("left", encoder("encoder-left-b"), encoder("encoder-left-a"));
        wheelTurns("right", encoder("encoder-right-a"), encoder("encoder-right-b"));
        batteryAnswers(7.6);

        Report report = selftest.run(streamed::add);

        Result left = row(report, "motor left", "spin");
        assertThat(left.status()).isEqualTo(Result.Status.FAIL);
        assertThat(left.detail()).isEqualTo("forward -12, backward +12 ticks: counting backwards");
        assertThat(left.hint()).startsWith("swap the left encoder's A and B (BCM 17, 27)");
        assertThat(row(report, "motor right", "spin").status()).isEqualTo(Result.Status.PASS);
        assertThat(report.verdictLine()).isEqualTo("VERDICT: FAIL - 1 of 9 checks failed: motor left spin");
    }

    @Test
    void shouldSayWheelsSwappedWhenTheOtherEncoderCounts() {
        provision(MOTORS_ON);
        healthyKit(false);
        // each bridge channel turns the other wheel
        wheelTurns("left", encoder("encoder-right-a"), encoder("encoder-right-b"));
        wheelTurns("right", encoder("encoder-left-a"), encoder("encoder-left-b"));

        Report report = selftest.run(streamed::add);

        assertThat(row(report, "motor left", "spin").detail())
                .isEqualTo("forward +0, backward +0 ticks; the right encoder counted instead");
        assertThat(row(report, "motor right", "spin").hint()).startsWith("left and right are swapped");
    }

    @Test
    void shouldPointAtMotorAndEncoderWiringWhenNothingCounts() {
        provision(MOTORS_ON);
        healthyKit(false);

        Report report = selftest.run(streamed::add);

        Result left = row(report, "motor left", "spin");
        assertThat(left.detail()).isEqualTo("forward +0, backward +0 ticks");
        assertThat(left.hint()).contains("STBY", "PWM (BCM 12)", "IN (BCM 5, 6)", "A/B (BCM 17, 27)");
    }

    @Test
    void shouldFailPresenceAndSkipVoltageWhenBatteryMonitorIsMissing() {
        provision(MOTORS_ON);
        imuAnswers(0x68);
        rangerAnswers("front", 0.82);
        rangerAnswers("left", 1.5);
        wheelTurns("left", encoder("encoder-left-a"), encoder("encoder-left-b"));
        wheelTurns("right", encoder("encoder-right-a"), encoder("encoder-right-b"));
        // nothing answers at 0x40

        Report report = selftest.run(streamed::add);

        Result presence = row(report, "battery", "i2c");
        assertThat(presence.status()).isEqualTo(Result.Status.FAIL);
        assertThat(presence.detail()).isEqualTo("no answer at 0x40 on bus 1");
        assertThat(presence.hint()).contains("i2cdetect -y 1");
        assertThat(row(report, "battery", "voltage").status()).isEqualTo(Result.Status.SKIPPED);
        assertThat(report.verdictLine()).isEqualTo("VERDICT: FAIL - 1 of 9 checks failed: battery i2c");
    }

    @Test
    void shouldFailImuPresenceWhenNothingAnswersAtItsAddress() {
        provision(new Pi4jSelftest.Options(false, 0.5, 5_000_000L, 6.0, 8.4));
        rangerAnswers("front", 0.82);
        rangerAnswers("left", 1.5);
        batteryAnswers(7.6);

        Report report = selftest.run(streamed::add);

        assertThat(row(report, "imu", "i2c").detail()).isEqualTo("no answer at 0x68 on bus 1");
        assertThat(row(report, "imu", "identity").status()).isEqualTo(Result.Status.SKIPPED);
        assertThat(report.verdictLine()).isEqualTo("VERDICT: FAIL - 1 of 9 checks failed: imu i2c");
    }

    @Test
    void shouldSkipMotorsAndLeaveTheirPinsAloneWhenMotorsAreOff() {
        provision(new Pi4jSelftest.Options(false, 0.5, 5_000_000L, 6.0, 8.4));
        healthyKit(false);

        Report report = selftest.run(streamed::add);

        assertThat(row(report, "motor left", "spin").status()).isEqualTo(Result.Status.SKIPPED);
        assertThat(pi.context.registry().exists("motor-left-pwm")).isFalse();
        assertThat(report.passed()).isTrue();
        assertThat(report.verdictLine()).isEqualTo("VERDICT: PASS - 7 checks passed, 2 skipped");
    }

    @Test
    void shouldFailVoltageOutsideThePacksRange() {
        provision(new Pi4jSelftest.Options(false, 0.5, 5_000_000L, 6.0, 8.4));
        imuAnswers(0x68);
        rangerAnswers("front", 0.82);
        rangerAnswers("left", 1.5);
        batteryAnswers(5.2);

        Report report = selftest.run(streamed::add);

        Result voltage = row(report, "battery", "voltage");
        assertThat(voltage.detail()).isEqualTo("5.20 V (pack 6.00-8.40 V)");
        assertThat(voltage.hint()).startsWith("below the pack's range");
    }

    @Test
    void shouldFailTheDeviceWhosePinsCannotBeOpened() {
        // a ranger whose TRIG pin is the left motor's IN1: provisioning the second user of BCM 5 fails
        Pi4jRobotSettings kit = Pi4jRobotTest.kit(Pi4jRobotSettings.MotorDriverKind.TB6612, 12);
        pi.context.create(DigitalOutput.newConfigBuilder(pi.context).id("ranger-front-trig").address(23).build());
        selftest = Pi4jSelftest.provision(kit, new Pi4jSelftest.Options(false, 0.5, 5_000_000L, 6.0, 8.4),
                pi.context, clock);

        Report report = selftest.run(streamed::add);

        Result front = row(report, "ranger front", "echo");
        assertThat(front.status()).isEqualTo(Result.Status.FAIL);
        assertThat(front.detail()).startsWith("cannot open: ");
        assertThat(front.hint()).contains("stop wally.service first");
    }

    private static final Pi4jSelftest.Options MOTORS_OFF = new Pi4jSelftest.Options(false, 0.5, 5_000_000L, 6.0, 8.4);

    @Test
    void shouldFailStillReadingWhenTheRobotTurnsOrTheChipSleeps() {
        provision(MOTORS_OFF);
        imuAnswers(0x68, 16384, 131 * 30); // 30 °/s of yaw: the robot is being turned
        Report turning = selftest.run(streamed::add);
        assertThat(row(turning, "imu", "still").detail()).isEqualTo("gyro 30.0 deg/s max, accel 1.00 g");
        assertThat(row(turning, "imu", "still").hint()).startsWith("more than 20 deg/s at rest");
        selftest.close();
        pi.close();

        MockPi4j asleep = new MockPi4j();
        selftest = Pi4jSelftest.provision(Pi4jRobotTest.kit(Pi4jRobotSettings.MotorDriverKind.TB6612, 12), MOTORS_OFF,
                asleep.context, clock);
        MockI2C imu = asleep.context.registry().get("imu", MockI2C.class);
        imu.writeRegister(Mpu6050Imu.WHO_AM_I, (byte) 0x68);
        byte[] zeros = new byte[Mpu6050Imu.BURST_BYTES];
        for (int i = 0; i < Pi4jSelftest.IMU_STILL_SAMPLES; i++) {
            imu.writeRegister(Mpu6050Imu.ACCEL_XOUT_H, zeros, 0, zeros.length);
        }
        Report sleeping = selftest.run(streamed::add);
        assertThat(row(sleeping, "imu", "still").detail()).isEqualTo("gyro 0.0 deg/s max, accel 0.00 g");
        assertThat(row(sleeping, "imu", "still").hint()).contains("0 g means the chip is asleep");
    }

    @Test
    void shouldFailStillReadingWhenTheImuStopsAnsweringMidway() {
        provision(MOTORS_OFF);
        MockI2C imu = pi.context.registry().get("imu", MockI2C.class);
        imu.writeRegister(Mpu6050Imu.WHO_AM_I, (byte) 0x68); // and no samples at all

        Report report = selftest.run(streamed::add);

        assertThat(row(report, "imu", "still").status()).isEqualTo(Result.Status.FAIL);
        assertThat(row(report, "imu", "still").hint()).contains("stopped answering");
    }

    @Test
    void shouldTellEchoTooShortFromEchoThatNeverEnds() {
        provision(MOTORS_OFF);
        imuAnswers(0x68);
        rangerAnswers("front", 0.005); // closer than the module measures
        DigitalOutput trig = pi.context.registry().get("ranger-left-trig", DigitalOutput.class);
        MockDigitalInput echo = pi.context.registry().get("ranger-left-echo", MockDigitalInput.class);
        trig.addListener(e -> {
            if (e.state() == DigitalState.LOW) {
                echo.mockState(DigitalState.HIGH); // and it never falls
            }
        });
        batteryAnswers(7.6);

        Report report = selftest.run(streamed::add);

        assertThat(row(report, "ranger front", "echo").detail()).isEqualTo("0.005 m: closer than the module can measure");
        assertThat(row(report, "ranger left", "echo").detail()).isEqualTo("echo did not end");
        assertThat(row(report, "ranger left", "echo").hint()).startsWith("ECHO stays high");
    }

    @Test
    void shouldSayWhichDirectionPinWhenTheWheelTurnsOneWayOnly() {
        provision(MOTORS_ON);
        healthyKit(false);
        wheelTurns("right", encoder("encoder-right-a"), encoder("encoder-right-b"));
        // the left wheel turns forward only: its backward pin (BCM 6) does nothing
        DigitalOutput in1 = pi.context.registry().get("motor-left-in1", DigitalOutput.class);
        DigitalOutput in2 = pi.context.registry().get("motor-left-in2", DigitalOutput.class);
        in2.addListener(e -> {
            if (in1.isHigh() && in2.isLow()) {
                turnIfDriven(in1, in2, encoder("encoder-left-a"), encoder("encoder-left-b"));
            }
        });

        Report report = selftest.run(streamed::add);

        Result left = row(report, "motor left", "spin");
        assertThat(left.detail()).isEqualTo("forward +12, backward +0 ticks: turns one way only");
        assertThat(left.hint()).startsWith("check the direction pin BCM 6");
    }

    @Test
    void shouldTellNoVoltageAndTooHighAVoltageApart() {
        provision(MOTORS_OFF);
        imuAnswers(0x68);
        rangerAnswers("front", 0.82);
        rangerAnswers("left", 1.5);
        batteryAnswers(0.0);
        assertThat(row(selftest.run(streamed::add), "battery", "voltage").hint()).startsWith("no voltage: put VIN+");
        selftest.close();
        pi.close();

        MockPi4j other = new MockPi4j();
        selftest = Pi4jSelftest.provision(Pi4jRobotTest.kit(Pi4jRobotSettings.MotorDriverKind.TB6612, 12), MOTORS_OFF,
                other.context, clock);
        MockI2C ina = other.context.registry().get("battery", MockI2C.class);
        ina.writeRegister(Ina219BatteryMonitor.CONFIGURATION, new byte[] {0x39, (byte) 0x9F}, 0, 2);
        ina.writeRegister(Ina219BatteryMonitor.SHUNT_VOLTAGE, new byte[] {0, 0}, 0, 2);
        int raw = 3000 << 3; // 12 V: a 3S pack on a kit configured for 2S
        ina.writeRegister(Ina219BatteryMonitor.BUS_VOLTAGE, new byte[] {(byte) (raw >> 8), (byte) raw}, 0, 2);
        Result high = row(selftest.run(streamed::add), "battery", "voltage");
        assertThat(high.detail()).isEqualTo("12.00 V (pack 6.00-8.40 V)");
        assertThat(high.hint()).startsWith("above the pack's range");
    }

    @Test
    void shouldNeverDriveAgainOnceMotorsAreStoppedFromAnotherThread() throws InterruptedException {
        provision(MOTORS_ON);
        healthyKit(true);

        Thread hook = Thread.ofPlatform().start(selftest::stopMotors); // as the Ctrl-C hook does
        hook.join();
        Report report = selftest.run(streamed::add);

        assertThat(row(report, "motor left", "spin").detail()).contains("motors are closed");
        assertThat(pi.context.registry().get("motor-left-pwm", Pwm.class).isOn()).isFalse();
        assertThat(pi.context.registry().get("motor-standby", DigitalOutput.class).isLow()).isTrue();
    }

    @Test
    void shouldRejectBadOptionsWithNameAndValue() {
        assertThatThrownBy(() -> new Pi4jSelftest.Options(true, 1.5, 1, 6, 8.4))
                .hasMessage("motorDuty must be in (0, 1]; was 1.5");
        assertThatThrownBy(() -> new Pi4jSelftest.Options(true, 0.5, 0, 6, 8.4))
                .hasMessage("spinNanos must be > 0; was 0");
        assertThatThrownBy(() -> new Pi4jSelftest.Options(true, 0.5, 1, 8.4, 6))
                .hasMessage("pack range must satisfy 0 <= min < max; was 8.4 to 6.0");
    }
}
